export interface PartHeaders {
  name: string;
  /** Present for file parts. */
  filename: string | null;
}

/** Field name and file name from a part's header block (Content-Disposition). */
export function parsePartHeaders(block: string): PartHeaders | null {
  const disposition = block.split('\r\n').find((line) => /^content-disposition:/i.test(line));
  if (!disposition) return null;
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return null;
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
  return { name, filename };
}
