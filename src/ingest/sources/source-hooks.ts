import type { HeaderMapping } from './header-map.js';

/** What a file source tells its caller besides records. */
export interface SourceHooks {
  /** The header row, once found. */
  onHeader?: (mapping: HeaderMapping) => void;
  /** A sum row (合计/总计/小计) skipped at this physical row. */
  onTotalRow?: (rowNumber: number) => void;
}
