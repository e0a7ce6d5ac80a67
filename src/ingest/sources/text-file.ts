import { Readable } from 'node:stream';
import { ImportFileError } from './header-map.js';
import { sniffFile } from './file-signature.js';
import { decodeText, type TextEncoding } from './decode-text.js';

const NOT_CSV = '文件不是 CSV 文本文件';

/**
 * A CSV upload as text: refused when empty or when its first bytes say it is something else (an
 * Excel workbook saved as .csv, a photo), then decoded (decode-text.ts).
 */
export async function openTextFile(bytes: Readable, encoding?: TextEncoding): Promise<{ text: Readable; encoding: () => TextEncoding }> {
  const chunks = bytes[Symbol.asyncIterator]();
  const first = await chunks.next();
  const head: Buffer | undefined = first.done ? undefined : first.value;
  if (!head?.length) throw new ImportFileError('UNREADABLE_FILE', `${NOT_CSV}：文件为空`);
  const what = sniffFile(head);
  if (what) {
    bytes.destroy();
    const hint = what.includes('ZIP') ? 'Excel 工作簿 (.xlsx) 或压缩包（如果是 Excel 文件，请把扩展名改为 .xlsx）' : what;
    throw new ImportFileError('UNREADABLE_FILE', `${NOT_CSV}：内容是${hint}`);
  }
  async function* replay() {
    yield head!;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
  }
  return decodeText(Readable.from(replay(), { objectMode: false }), encoding);
}
