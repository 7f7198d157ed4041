import { describe, expect, it } from 'vitest';
import { defaultJobs, defaultJobsRule, DOSSIERS_PER_WORKER, MAIN_THREAD_MAX_CORES } from '../../src/batch/default-jobs.js';

describe('the default number of build workers', () => {
  it('is the main thread (1) on a machine of two cores or fewer, however many dossiers', () => {
    for (const cores of [1, 2]) for (const dossiers of [0, 1, 3, 12, 1000]) expect(defaultJobs(dossiers, cores)).toBe(1);
    expect(MAIN_THREAD_MAX_CORES).toBe(2);
  });

  it('is the main thread for fewer than two dossiers per core, else one worker per core', () => {
    expect(DOSSIERS_PER_WORKER).toBe(2);
    expect(defaultJobs(1, 4)).toBe(1);
    expect(defaultJobs(7, 4)).toBe(1);
    expect(defaultJobs(8, 4)).toBe(4);
    expect(defaultJobs(100, 4)).toBe(4);
    expect(defaultJobs(15, 8)).toBe(1);
    expect(defaultJobs(16, 8)).toBe(8);
  });

  it('never uses more workers than dossiers or cores', () => {
    for (let cores = 1; cores <= 16; cores++)
      for (let dossiers = 0; dossiers <= 40; dossiers++) {
        const jobs = defaultJobs(dossiers, cores);
        expect(jobs).toBeGreaterThanOrEqual(1);
        expect(jobs).toBeLessThanOrEqual(Math.max(1, Math.min(cores, dossiers)));
      }
  });

  it('is stated in words for --help', () => {
    expect(defaultJobsRule(2)).toMatch(/^the main thread, on this machine of 2 cores/);
    expect(defaultJobsRule(1)).toMatch(/of 1 core \(/);
    expect(defaultJobsRule(4)).toBe(
      'the main thread for fewer than 8 dossiers (2 per core), else one per core, 4 at once (the main thread and 3 worker threads)',
    );
  });
});
