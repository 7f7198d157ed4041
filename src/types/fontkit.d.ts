// fontkit ships no types; we use only openSync and coverage/layout queries.
declare module 'fontkit' {
  export function openSync(path: string, postscriptName?: string): unknown;
  export function create(buffer: Buffer, postscriptName?: string): unknown;
}
