import { startTestHub, type TestHub } from '../support/test-hub.js';
import { uploadFile } from '../support/intake-clients.js';
import { buildIdNumber } from '../../src/identity/id-number.js';

/**
 * What a clerk reads when rows are refused, over the real import route and GraphQL: Chinese
 * reasons naming the row and the column as the file headed it, the English code kept; money as
 * ledgers write it; a source time without a zone read as China time.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const a = buildIdNumber('410823', '1960-02-10', 11);
const b = buildIdNumber('410823', '1975-08-02', 22);
const badCheck = `${b.slice(0, 17)}${b[17] === '1' ? '2' : '1'}`;
const upload = async (url: string, content: string) => uploadFile(hub.baseUrl, url, 'ledger.csv', content, await hub.as('civil-affairs'));
const reasons = (body: any) => body.rejects.map((r: any) => [r.row, r.errors.map((e: any) => [e.code, e.field, e.message])]);

it('words every reason in Chinese, naming the row and the column as the file headed it', async () => {
  const csv = [
    '来源记录号,公民身份号码,姓名,类型,走访日期',
    `RS-1,${a},张三,电话问候,2024-03-01`,
    'RS-2,4.10823E+17,李四,电话问候,2024-03-01',
    `RS-3,${badCheck},王五,电话问候,2024-03-01`,
    `RS-4,${b},,聊天,2024-03-01`,
  ].join('\n');
  const res = await upload('/import/civil-affairs/care-visit', csv);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ created: 1, rejected: 3 });
  expect(reasons(res.body)).toEqual([
    [3, [['ID_NUMBER_SCIENTIFIC_NOTATION', 'idNumber', '第3行「公民身份号码」：4.10823E+17 不是身份证号 — Excel 把身份证号显示成了科学计数法，请把该列设为文本后重新导出']]],
    [4, [['ID_NUMBER_BAD_CHECK_CHARACTER', 'idNumber', `第4行「公民身份号码」：${badCheck} 校验位不符：最后一位是 ${badCheck[17]}，按前17位应为 ${b[17]} — 请核对身份证号是否录错`]]],
    [5, [
      ['REQUIRED', 'name', '第5行「姓名」为必填项，不能为空'],
      ['UNKNOWN_ENUM_VALUE', 'kind', '第5行「类型」："聊天" 不是可选的值 — 可填：电话问候、上门走访、微心愿、物资帮扶'],
    ]],
  ]);
});

it('reads 元, ￥, full-width digits and thousands separators in money, and refuses ambiguous amounts in Chinese', async () => {
  const row = (id: string, amount: string) => `${id},${a},张三,低保,在保,2024-03-01,"${amount}"`;
  const csv = [
    '来源记录号,身份证号,姓名,救助项目,状态,开始日期,月保障金额(元)',
    row('RM-1', '360元'),
    row('RM-2', '1，200.00'),
    row('RM-3', '￥1,200.50'),
    row('RM-4', '１２３．４'),
    row('RM-5', '1.2.3'),
    row('RM-6', '-5'),
    row('RM-7', '12.345'),
  ].join('\n');
  const res = await upload('/import/civil-affairs/assistance-enrolment', csv);
  expect(res.body).toMatchObject({ created: 4, rejected: 3 });
  expect(await hub.sql(`select source_record_id, monthly_amount::text from civil_affairs.assistance_enrolment where source_record_id like 'RM-%' order by 1`)).toEqual([
    { source_record_id: 'RM-1', monthly_amount: '360.00' },
    { source_record_id: 'RM-2', monthly_amount: '1200.00' },
    { source_record_id: 'RM-3', monthly_amount: '1200.50' },
    { source_record_id: 'RM-4', monthly_amount: '123.40' },
  ]);
  expect(reasons(res.body)).toEqual([
    [6, [['BAD_MONEY', 'monthlyAmount', '第6行「月保障金额(元)」："1.2.3" 不是金额 — 请填写以元为单位的金额，如 360、360元、1,200.00 或 ￥1200.5']]],
    [7, [['BAD_MONEY', 'monthlyAmount', '第7行「月保障金额(元)」：金额 "-5" 是负数 — 金额不能为负数']]],
    [8, [['BAD_MONEY', 'monthlyAmount', '第8行「月保障金额(元)」："12.345" 有 3 位小数 — 金额最多两位小数（精确到分）']]],
  ]);
});

it('reads a source time without a zone as China time, and says in Chinese when a row is older than the hub’s', async () => {
  const file = (updated: string) => `来源记录号,身份证号,姓名,来源更新时间,走访类型,走访日期\nRT-1,${a},张三,${updated},电话问候,2025-12-01\n`;
  expect((await upload('/import/civil-affairs/care-visit', file('2025-12-10 16:22:36+08:00'))).body).toMatchObject({ created: 1 });
  expect(await hub.sql(`select source_updated_at = '2025-12-10T08:22:36Z'::timestamptz as same from civil_affairs.care_visit where source_record_id = 'RT-1'`)).toEqual([{ same: true }]);

  // The same instant without a zone, as a clerk's ledger writes it: the same version.
  expect((await upload('/import/civil-affairs/care-visit', file('2025-12-10 16:22:36'))).body).toMatchObject({ unchanged: 1, rejected: 0 });

  const stale = await upload('/import/civil-affairs/care-visit', file('2025-12-10'));
  expect(reasons(stale.body)).toEqual([
    [2, [[
      'STALE_RECORD',
      'sourceUpdatedAt',
      '第2行「来源更新时间」：系统中 "RT-1" 的版本更新（来源更新时间 2025-12-10 16:22:36），本行是 2025-12-10 00:00:00 的旧版本，未导入 — 旧文件不会覆盖新数据；如确需改回，请把来源更新时间改为现在后重新导入',
    ]]],
  ]);
});

it('places a GraphQL record by its position in the list', async () => {
  const res = await hub.query(
    `mutation ($records: [CareVisitIntake!]!) { upsertCareVisits(records: $records) { records { index status code field message } } }`,
    { records: [
      { sourceRecordId: 'RG-1', idNumber: a, name: '张三', kind: 'PHONE_FOLLOW_UP', visitDate: '2024-03-01' },
      { sourceRecordId: 'RG-2', idNumber: a, name: '张三', kind: 'PHONE_FOLLOW_UP', visitDate: '2024-02-30' },
    ] },
    await hub.as('civil-affairs'),
  );
  expect(res.body.data.upsertCareVisits.records[1]).toEqual({
    index: 1, status: 'REJECTED', code: 'BAD_DATE', field: 'visitDate', message: '第2条记录「走访日期」："2024-02-30" 不是日历上存在的日期',
  });
});

it('says in Chinese which record an end mutation did not find', async () => {
  const res = await hub.query(
    `mutation { endAssistanceEnrolments(sourceRecordIds: ["RM-1", "NO-SUCH"]) { records { index status code field message } } }`,
    {},
    await hub.as('civil-affairs'),
  );
  expect(res.body.data.endAssistanceEnrolments.records[1]).toEqual({
    index: 1, status: 'REJECTED', code: 'NOT_FOUND', field: 'sourceRecordIds', message: '第2个来源记录号：没有 "NO-SUCH" 这条救助认定记录',
  });
});
