import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ImportFileError } from './header-map.js';
import { isZip, sniffFile } from './file-signature.js';

/**
 * Bounds on what one workbook may expand to. The shared-strings part is the one thing the
 * streaming reader keeps whole in memory, and a few KB of zip can inflate to gigabytes: a 22 KB
 * upload whose cells all named one 20 MB shared string once grew the hub to 3.5 GB. A county
 * ledger of 100,000 rows has a few MB of shared strings and well under 200 MB of sheet XML.
 */
export const XLSX_LIMITS = { sharedStringsBytes: 64 * 1024 * 1024, uncompressedBytes: 1024 * 1024 * 1024 };

const NOT_XLSX = '文件不是有效的 Excel (.xlsx) 文件';
const TRUNCATED = `${NOT_XLSX}：文件不完整（可能上传被截断），请重新上传`;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** A workbook spooled to a private temporary file, checked to be readable within XLSX_LIMITS. */
export interface SpooledWorkbook {
  path: string;
  remove(): Promise<void>;
}

/**
 * Writes the upload to a temporary file and checks it before any part is expanded: not empty,
 * a zip (else says what it is: a PNG, an old .xls, …), complete (its central directory is at the
 * end), a workbook, and within XLSX_LIMITS — by the sizes the zip declares and, because those
 * can lie, by inflating each part once and counting.
 */
export async function spoolWorkbook(input: Readable, limits = XLSX_LIMITS): Promise<SpooledWorkbook> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'caregraph-xlsx-'));
  const file = path.join(dir, 'upload.xlsx');
  const remove = () => fs.promises.rm(dir, { recursive: true, force: true });
  try {
    await pipeline(input, fs.createWriteStream(file, { mode: 0o600 }));
    await checkWorkbook(file, limits);
    return { path: file, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

async function checkWorkbook(file: string, limits: typeof XLSX_LIMITS): Promise<void> {
  const handle = await fs.promises.open(file);
  try {
    const { size } = await handle.stat();
    if (size === 0) throw new ImportFileError('UNREADABLE_FILE', `${NOT_XLSX}：文件为空`);
    const head = await read(handle, 0, Math.min(size, 8));
    if (!isZip(head)) throw new ImportFileError('UNREADABLE_FILE', `${NOT_XLSX}：内容是${sniffFile(head) ?? (looksLikeText(head) ? '文本（如果是 CSV，请把扩展名改为 .csv）' : '无法识别的数据')}`);
    const entries = await centralDirectory(handle, size);
    if (!entries.some((e) => e.name === 'xl/workbook.xml' || e.name.startsWith('xl/worksheets/'))) {
      throw new ImportFileError('UNREADABLE_FILE', `${NOT_XLSX}：内容是 ZIP 压缩包，其中没有工作表`);
    }
    checkDeclared(entries, limits);
    let total = 0;
    for (const entry of entries) total += await inflatedSize(handle, file, entry, limits, total);
  } finally {
    await handle.close();
  }
}

const looksLikeText = (head: Buffer) => head.every((b) => b === 9 || b === 10 || b === 13 || b >= 32);

async function read(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The zip's table of contents, from the end-of-central-directory record a complete zip ends with. */
async function centralDirectory(handle: fs.promises.FileHandle, size: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await read(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ImportFileError('UNREADABLE_FILE', TRUNCATED);
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ImportFileError('FILE_TOO_LARGE', `${NOT_XLSX}：工作簿超过 4 GB`);
  if (cdOffset + cdSize > size) throw new ImportFileError('UNREADABLE_FILE', TRUNCATED);
  const cd = await read(handle, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  for (let at = 0; entries.length < count; ) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) throw new ImportFileError('UNREADABLE_FILE', `${NOT_XLSX}：压缩包目录已损坏`);
    const nameLength = cd.readUInt16LE(at + 28);
    entries.push({
      method: cd.readUInt16LE(at + 10),
      compressedSize: cd.readUInt32LE(at + 20),
      size: cd.readUInt32LE(at + 24),
      name: cd.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      localOffset: cd.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
  }
  return entries;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function tooLarge(what: string, limit: number): ImportFileError {
  return new ImportFileError('FILE_TOO_LARGE', `${what}超过上限 ${mb(limit)}；请把工作簿拆成几个文件，或另存为 CSV 后导入`);
}

function checkDeclared(entries: readonly ZipEntry[], limits: typeof XLSX_LIMITS): void {
  const shared = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  if (shared && shared.size > limits.sharedStringsBytes) throw tooLarge(`工作簿的共享字符串（xl/sharedStrings.xml，解压后 ${mb(shared.size)}）`, limits.sharedStringsBytes);
  const total = entries.reduce((n, e) => n + e.size, 0);
  if (total > limits.uncompressedBytes) throw tooLarge(`工作簿解压后（${mb(total)}）`, limits.uncompressedBytes);
}

/** Inflates one part, counting, and stops as soon as it outgrows what the zip declared or the limits allow. */
async function inflatedSize(handle: fs.promises.FileHandle, file: string, entry: ZipEntry, limits: typeof XLSX_LIMITS, before: number): Promise<number> {
  const local = await read(handle, entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new ImportFileError('UNREADABLE_FILE', `${NOT_XLSX}：压缩包已损坏（${entry.name}）`);
  if (entry.method !== 0 && entry.method !== 8) throw new ImportFileError('UNREADABLE_FILE', `${NOT_XLSX}：${entry.name} 使用了不支持的压缩方式`);
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const limit = Math.min(entry.size, entry.name === 'xl/sharedStrings.xml' ? limits.sharedStringsBytes : Infinity, limits.uncompressedBytes - before);
  if (entry.compressedSize === 0) return 0;
  const raw = fs.createReadStream(file, { start, end: start + entry.compressedSize - 1 });
  let size = 0;
  const counter = async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > limit) {
        throw size > entry.size
          ? new ImportFileError('UNREADABLE_FILE', `${NOT_XLSX}：${entry.name} 解压后比压缩包声明的大（文件已损坏或被篡改）`)
          : tooLarge(`工作簿解压后`, limits.uncompressedBytes);
      }
    }
  };
  try {
    await (entry.method === 8 ? pipeline(raw, zlib.createInflateRaw(), counter) : pipeline(raw, counter));
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError('UNREADABLE_FILE', `${NOT_XLSX}：${entry.name} 无法解压（文件已损坏或不完整）`);
  }
  return size;
}
