import { Readable, Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'gb18030';

/** Bytes judged, counted from the file's first non-ASCII byte. */
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

const firstNonAscii = (chunk: Buffer) => chunk.findIndex((b) => b > 0x7f);

/**
 * Decodes while deciding the encoding where it can first be told: ASCII reads the same in UTF-8
 * and GBK, so bytes pass through until the first non-ASCII byte, and the 64 KB from there decide.
 * A fixed-size head would misjudge an export whose first megabytes are ASCII (IDs, dates) and
 * whose names come later. Bytes that are no text in the chosen encoding decode to U+FFFD, which
 * the row screen rejects: nothing mis-decoded is stored silently.
 */
class DetectingDecoder extends Transform {
  private decoder: iconv.DecoderStream | null = null;
  private held: Buffer[] = [];
  private heldBytes = 0;
  encoding: TextEncoding | null = null;

  constructor(given: TextEncoding | undefined) {
    super();
    if (given) this.choose(given);
  }

  private choose(encoding: TextEncoding): void {
    this.encoding = encoding;
    this.decoder = iconv.getDecoder(encoding, { stripBOM: true });
  }

  private release(complete: boolean): string {
    const sample = Buffer.concat(this.held);
    this.held = [];
    this.choose(detectEncoding(sample.subarray(0, SAMPLE_BYTES), complete && sample.length <= SAMPLE_BYTES));
    return this.decoder!.write(sample);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.decoder) return done(null, this.decoder.write(chunk) || undefined);
    if (this.heldBytes === 0) {
      const at = firstNonAscii(chunk);
      if (at < 0) return done(null, chunk.toString('latin1'));
      if (at > 0) this.push(chunk.subarray(0, at).toString('latin1'));
      chunk = chunk.subarray(at);
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    done(null, this.heldBytes >= SAMPLE_BYTES ? this.release(false) || undefined : undefined);
  }

  override _flush(done: TransformCallback): void {
    const rest = this.decoder ? '' : this.heldBytes > 0 ? this.release(true) : '';
    done(null, rest + (this.decoder?.end() ?? '') || undefined);
  }
}

/**
 * Decodes a byte stream to text, detecting the encoding unless given (see DetectingDecoder). A
 * UTF-8 BOM is dropped. `encoding()` is known once the text has been read (utf-8 for pure ASCII).
 */
export function decodeText(bytes: Readable, encoding?: TextEncoding): { text: Readable; encoding: () => TextEncoding } {
  const decoder = new DetectingDecoder(encoding);
  const text = bytes.pipe(decoder);
  bytes.on('error', (err) => decoder.destroy(err));
  return { text, encoding: () => decoder.encoding ?? 'utf-8' };
}
