import { describe, expect, it } from 'vitest';
import { foreignScriptLang } from '../../src/pdf/engine/tagging/foreign-script.js';

describe('foreignScriptLang: the language of letters in a script their declared language is not written in', () => {
  it('text in its own script, or without letters, needs no tag', () => {
    expect(foreignScriptLang('Stability AI', 'en')).toBeUndefined();
    expect(foreignScriptLang('شركة', 'ar')).toBeUndefined();
    expect(foreignScriptLang('1,250,000 (35%)', 'ar')).toBeUndefined();
    expect(foreignScriptLang('日本語', 'ja')).toBeUndefined();
  });
  it('a foreign script takes the document language when it is written in it, else a default per script', () => {
    expect(foreignScriptLang('عماد', 'en')).toBe('ar');
    expect(foreignScriptLang('مشتاق', 'en', ['fa'])).toBe('fa');
    expect(foreignScriptLang('עברית', 'en')).toBe('he');
    expect(foreignScriptLang('한국어', 'en')).toBe('ko');
    expect(foreignScriptLang('中文', 'en')).toBe('zh');
    expect(foreignScriptLang('中文', 'en', ['ja'])).toBe('ja');
    expect(foreignScriptLang('machine-assisted', 'ar')).toBe('en');
    expect(foreignScriptLang('machine-assisted', 'ar', ['fr'])).toBe('fr');
  });
  it('Han among kana is Japanese', () => {
    expect(foreignScriptLang('現代AIの設計者', 'en')).toBe('ja');
  });
  it('a piece mixing scripts goes by its non-Latin letters: Latin names stand in text of every script', () => {
    expect(foreignScriptLang('小黑兔Sam,', 'en')).toBe('zh');
    expect(foreignScriptLang('晨”,Stable', 'zh-Hans')).toBeUndefined();
    expect(foreignScriptLang('Westminster،', 'ar')).toBe('en');
  });
});
