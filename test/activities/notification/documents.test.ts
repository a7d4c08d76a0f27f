import { chineseDate, documentNumber, escapeHtml, renderUrgingNotice, type UrgingNoticeInput } from '../../../activities/notification/documents';

const notice: UrgingNoticeInput = {
  sequence: 12,
  toUnitName: '江津区规划和自然资源局',
  itemTitle: '二期厂房用地指标',
  assignedOn: '2026-02-24',
  dueOn: '2026-03-05',
  workingDaysOverdue: 3,
  reportBy: '2026-03-13',
  copyTo: ['江津区规划和自然资源局分管领导'],
  issuedOn: '2026-03-10',
};

describe('the 催办通知 (urging notice) document', () => {
  test('is a standalone Chinese HTML page with the document number, addressee, item, dates, overdue days, reply date and issuer', () => {
    const html = renderUrgingNotice(notice);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<h1>催办通知</h1>');
    expect(html).toContain('江津经信督〔2026〕12号');
    expect(html).toContain('<p class="to-unit">江津区规划和自然资源局：</p>');
    expect(html).toContain('2026年2月24日交办你单位的“二期厂房用地指标”');
    expect(html).toContain('办理期限为2026年3月5日，截至目前已超期3个工作日');
    expect(html).toContain('并于2026年3月13日前将办理结果');
    expect(html).toMatch(/<div class="signature">\s*<p>区经济信息委<\/p>\s*<p>2026年3月10日<\/p>/);
    expect(html).toContain('抄送：江津区规划和自然资源局分管领导。');
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<(script|link|img)\b/);
  });

  test('escapes every interpolated text, so a title cannot inject markup', () => {
    const html = renderUrgingNotice({
      ...notice,
      toUnitName: '某局<script>alert(1)</script>',
      itemTitle: '用地 & 用能 "指标" <b>加急</b> \'二期\'',
      copyTo: ['<img src=x onerror=alert(1)>'],
      issuer: '区经济信息委 <i>督查科</i>',
      numberPrefix: '江津经信督<',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>');
    expect(html).toContain('某局&lt;script&gt;alert(1)&lt;/script&gt;：');
    expect(html).toContain('“用地 &amp; 用能 &quot;指标&quot; &lt;b&gt;加急&lt;/b&gt; &#39;二期&#39;”');
    expect(html).toContain('<title>关于“用地 &amp; 用能 &quot;指标&quot; &lt;b&gt;加急&lt;/b&gt; &#39;二期&#39;”的催办通知</title>');
    expect(html).toContain('抄送：&lt;img src=x onerror=alert(1)&gt;。');
    expect(html).toContain('<p>区经济信息委 &lt;i&gt;督查科&lt;/i&gt;</p>');
    expect(html).toContain('江津经信督&lt;〔2026〕12号');
  });

  test('leaves out the copy-to line when nobody is copied', () => {
    expect(renderUrgingNotice({ ...notice, copyTo: [] })).not.toContain('抄送');
  });

  test('refuses a malformed date, sequence or overdue count instead of printing nonsense', () => {
    expect(() => renderUrgingNotice({ ...notice, dueOn: '2026-02-30' })).toThrow(RangeError);
    expect(() => renderUrgingNotice({ ...notice, sequence: 0 })).toThrow(RangeError);
    expect(() => renderUrgingNotice({ ...notice, workingDaysOverdue: -1 })).toThrow(RangeError);
  });

  test('formats dates and document numbers the way official documents write them', () => {
    expect(chineseDate('2026-01-04')).toBe('2026年1月4日');
    expect(documentNumber('江津经信督', 2026, 7)).toBe('江津经信督〔2026〕7号');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
