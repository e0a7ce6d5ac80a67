/**
 * What a file's first bytes say it is, in words for the clerk: an upload named `.xlsx` may be a
 * photo of the ledger, an old `.xls`, or a PDF print of it.
 */
const SIGNATURES: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'ZIP 压缩包' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: '空的 ZIP 压缩包' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'PNG 图片' },
  { bytes: [0xff, 0xd8, 0xff], what: 'JPEG 图片' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'GIF 图片' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'PDF 文档' },
  // OLE2: Excel 97-2003 .xls, Word .doc, and also a password-protected .xlsx.
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: '旧版 Excel 97-2003 (.xls) 文件或加密的工作簿（请在 Excel 中另存为不加密的 .xlsx）' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'RAR 压缩包' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: '7z 压缩包' },
  { bytes: [0x1f, 0x8b], what: 'gzip 压缩包' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 编码的文本（Excel「Unicode 文本」，请另存为「CSV UTF-8」）' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 编码的文本（请另存为「CSV UTF-8」）' },
];

/** The kind of file `head` starts, or null when no known signature matches. */
export function sniffFile(head: Buffer): string | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.what ?? null;
}

export const isZip = (head: Buffer) => head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
