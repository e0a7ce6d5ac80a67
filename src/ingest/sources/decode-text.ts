import { Readable } from 'node:stream';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'gb18030';

const SAMPLE_BYTES = 64 * 1024;

/**
 * UTF-8 when the sample starts with a BOM or decodes as strict UTF-8; otherwise GB18030, the
 * superset of GBK that Excel and WPS write for "CSV" on Chinese Windows.
 */
export function detectEncoding(sample: Buffer, complete: boolean): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    // stream: true tolerates a character cut at the sample's end.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Accepts `utf8`, `UTF-8`, `gbk`, `gb2312`, `gb18030` (all GB encodings read as GB18030). */
export function parseEncodingOption(value: string): TextEncoding {
  const v = value.toLowerCase().replace(/[-_]/g, '');
  if (v === 'utf8') return 'utf-8';
  if (v === 'gbk' || v === 'gb2312' || v === 'gb18030' || v === 'cp936') return 'gb18030';
  throw new Error(`unknown encoding "${value}"; use utf-8 or gbk`);
}

/**
 * Decodes a byte stream to text, detecting the encoding from its first 64 KB unless given. The
 * bytes are only peeked at, never buffered past the sample. A UTF-8 BOM is dropped.
 */
export async function decodeText(bytes: AsyncIterable<Buffer>, encoding?: TextEncoding): Promise<{ text: Readable; encoding: TextEncoding }> {
  const iterator = bytes[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
  }
  const chosen = encoding ?? detectEncoding(Buffer.concat(head), done);
  async function* replay() {
    yield* head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const text = Readable.from(replay(), { objectMode: false }).pipe(iconv.decodeStream(chosen, { stripBOM: true })) as unknown as Readable;
  return { text, encoding: chosen };
}
