/**
 * Chinese personal names, ethnicities and phone numbers for the demo population. Surname weights
 * follow the national frequency ranking (王 李 张 刘 陈 … with a few two-character surnames);
 * given names draw from character pools that shift with the birth decade, as real names do.
 */
import { Rng, WeightedTable } from './prng.js';

/** Surname → relative frequency (per mille, roughly the 2020 census ranking). */
const SURNAME_WEIGHTS: Record<string, number> = {
  王: 72, 李: 70, 张: 68, 刘: 54, 陈: 45, 杨: 31, 赵: 23, 黄: 22, 周: 21, 吴: 20,
  徐: 17, 孙: 16, 马: 15, 朱: 14, 胡: 13, 郭: 13, 何: 12, 林: 11, 高: 11, 罗: 10,
  郑: 10, 梁: 9, 谢: 8, 宋: 8, 唐: 8, 许: 7, 韩: 7, 邓: 7, 冯: 7, 曹: 7,
  彭: 6, 曾: 6, 肖: 6, 田: 6, 董: 6, 潘: 5, 袁: 5, 蔡: 5, 蒋: 5, 余: 5,
  于: 5, 杜: 5, 叶: 5, 程: 5, 魏: 5, 苏: 4, 吕: 4, 丁: 4, 任: 4, 卢: 4,
  姚: 4, 沈: 4, 钟: 4, 姜: 4, 崔: 4, 谭: 3, 陆: 3, 范: 3, 汪: 3, 廖: 3,
  石: 3, 金: 3, 贾: 3, 夏: 3, 付: 3, 方: 3, 邹: 3, 熊: 3, 白: 3, 孟: 3,
  秦: 3, 侯: 3, 尹: 2, 薛: 2, 闫: 2, 段: 2, 雷: 2, 史: 2, 陶: 2, 贺: 2,
  毛: 2, 郝: 2, 顾: 2, 邵: 2, 武: 2, 常: 2, 乔: 2, 牛: 2, 申: 2, 原: 1,
  欧阳: 0.5, 司马: 0.2, 诸葛: 0.1, 上官: 0.1, 皇甫: 0.1,
};

const surnameTable = new WeightedTable(Object.keys(SURNAME_WEIGHTS), Object.values(SURNAME_WEIGHTS));

/** Given-name characters by era and gender: names of people born in the 1940s sound different. */
const GIVEN_CHARS = {
  old: {
    MALE: '建国军德福贵永明华忠文武胜利金山海林庆春保财发生振兴平安志成学义长',
    FEMALE: '秀英兰桂玉凤芳珍淑荣梅花琴香兰云霞翠巧爱娥菊莲素彩',
  },
  middle: {
    MALE: '伟强磊军勇杰涛明超亮刚平辉鹏华飞斌波峰海东建红卫新宏志国民',
    FEMALE: '芳娜敏静丽艳娟霞秀英玲红燕萍慧丹洁琳春梅莉颖晓',
  },
  young: {
    MALE: '浩宇轩子涵博睿泽晨航铭俊辰梓煜皓然逸豪一诺嘉佑恒宸',
    FEMALE: '欣怡佳悦雨涵诗梦思彤萱可馨蕾倩瑶颖若汐梓一诺语嘉琪',
  },
} as const;

/** A surname drawn by national frequency. */
export function randomSurname(rng: Rng): string {
  return surnameTable.sample(rng);
}

/** A given name (one character ~20% of the time, else two) fitting the birth year and gender. */
export function randomGivenName(rng: Rng, gender: 'MALE' | 'FEMALE', birthYear: number): string {
  const era = birthYear < 1965 ? 'old' : birthYear < 1995 ? 'middle' : 'young';
  const pool = GIVEN_CHARS[era][gender];
  const first = pool[rng.int(0, pool.length - 1)]!;
  if (rng.chance(0.2)) return first;
  let second = pool[rng.int(0, pool.length - 1)]!;
  // Reduplicated names (婷婷) exist but are rarer than a random draw would give.
  if (second === first && rng.chance(0.7)) second = pool[rng.int(0, pool.length - 1)]!;
  return first + second;
}

/** A full name for someone whose surname is not inherited (heads, spouses, staff). */
export function randomFullName(rng: Rng, gender: 'MALE' | 'FEMALE', birthYear: number): string {
  return randomSurname(rng) + randomGivenName(rng, gender, birthYear);
}

const ethnicityTable = new WeightedTable(['汉族', '回族', '满族', '蒙古族', '壮族', '土家族'], [988, 9, 1, 1, 0.5, 0.5]);

/** Ethnicity: overwhelmingly 汉族, with the minorities found in central China. */
export function randomEthnicity(rng: Rng): string {
  return ethnicityTable.sample(rng);
}

const PHONE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
];

/** An 11-digit mainland mobile number (13x / 15x / 18x). */
export function randomPhone(rng: Rng): string {
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}
