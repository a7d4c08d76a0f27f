import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, List, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../../api';
import { WorkingDays, formatDateTime, todayInShanghai } from '../../dates';
import type { CalendarDay, CalendarYear } from '../../types';

const kindLabels: Record<string, string> = { holiday: '节假日', makeup_workday: '调休上班', closure: '停止办公' };
const kindClass: Record<string, string> = { holiday: 'srdi-day-holiday', makeup_workday: 'srdi-day-makeup', closure: 'srdi-day-closure' };
const weekdays = ['一', '二', '三', '四', '五', '六', '日'];
const errorText = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.fields.map((f) => `${f.path}：${f.message}`)].join('；') : String(e));

/** One month as a Monday-first grid; days off shaded, special days coloured by kind. */
function Month({ year, month, special }: { year: number; month: number; special: Map<string, CalendarDay> }) {
  const calendar = useMemo(() => new WorkingDays(new Map([...special].map(([date, day]) => [date, day.kind]))), [special]);
  const first = new Date(Date.UTC(year, month, 1));
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const offset = (first.getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array<null>(offset).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const iso = (day: number) => `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return (
    <section className="srdi-month" aria-label={`${year}年${month + 1}月`}>
      <h3>{month + 1} 月</h3>
      <table>
        <thead>
          <tr>
            {weekdays.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, index) => (
            <tr key={index}>
              {week.map((day, column) => {
                if (day === null) return <td key={column} />;
                const date = iso(day);
                const entry = special.get(date);
                const className = entry ? kindClass[entry.kind] : calendar.isWorkingDay(date) ? undefined : 'srdi-day-off';
                return (
                  <td key={column} className={className} title={entry ? `${entry.name}（${kindLabels[entry.kind] ?? entry.kind}）` : undefined}>
                    {day}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// 工作日历: a year at a glance; the system administrator corrects the special days and publishes
// with the document it rests on; every open item then recomputes its deadline (the diff is shown).
export default function CalendarPage() {
  const { message } = App.useApp();
  const [year, setYear] = useState(Number(todayInShanghai().slice(0, 4)));
  const [data, setData] = useState<CalendarYear>();
  const [draft, setDraft] = useState<CalendarDay[]>([]);
  const [error, setError] = useState<string>();
  const [published, setPublished] = useState<{ version: number; changed: boolean; recomputeWorkflowId: string }>();
  const [recompute, setRecompute] = useState<Recompute>();

  const load = useCallback(() => {
    setError(undefined);
    api<CalendarYear>(`/calendar/years/${year}`)
      .then((result) => {
        setData(result);
        setDraft(result.days);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [year]);
  useEffect(() => {
    load();
  }, [load]);

  // Follow the recompute after a publication until it has finished.
  useEffect(() => {
    if (!published) return;
    let stopped = false;
    const poll = async () => {
      try {
        const state = await api<Recompute>(`/calendar/years/${year}/recomputation?version=${published.version}`);
        if (stopped) return;
        setRecompute(state);
        if (state.status === 'running') setTimeout(() => void poll(), 1000);
      } catch {
        // The progress view is optional; the publication itself succeeded.
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [published, year]);

  const special = useMemo(() => new Map(draft.map((day) => [day.date, day])), [draft]);
  const changed = JSON.stringify(draft) !== JSON.stringify(data?.days ?? []);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`${year} 年工作日历`}
        extra={
          <Space>
            <label htmlFor="calendar-year">年份</label>
            <InputNumber id="calendar-year" min={2000} max={2100} value={year} onChange={(value) => value && setYear(value)} />
            {data && <Tag color={data.published ? 'success' : 'warning'}>{data.published ? `第 ${data.version} 版` : '未发布（暂定）'}</Tag>}
          </Space>
        }
      >
        {error && <Alert type="error" title={error} showIcon role="alert" />}
        {data?.source && <p>依据：{data.source}</p>}
        <div className="srdi-year">
          {Array.from({ length: 12 }, (_, month) => (
            <Month key={month} year={year} month={month} special={special} />
          ))}
        </div>
        <Space style={{ marginTop: 12 }} wrap>
          <Tag className="srdi-day-holiday">节假日</Tag>
          <Tag className="srdi-day-makeup">调休上班</Tag>
          <Tag className="srdi-day-closure">停止办公</Tag>
          <Tag className="srdi-day-off">周末</Tag>
        </Space>
      </Card>
      <Card title="更正与发布" size="small">
        <Form
          layout="inline"
          name="calendar-day"
          onFinish={(values: { date: Dayjs; kind: string; name: string }) => {
            const date = values.date.format('YYYY-MM-DD');
            setDraft((current) => [...current.filter((d) => d.date !== date), { date, kind: values.kind, name: values.name }].sort((a, b) => a.date.localeCompare(b.date)));
          }}
        >
          <Form.Item label="日期" name="date" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item label="类别" name="kind" initialValue="closure" rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Button htmlType="submit">加入</Button>
        </Form>
        <Table<CalendarDay>
          style={{ marginTop: 12 }}
          rowKey="date"
          size="small"
          dataSource={draft}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: '日期', dataIndex: 'date', width: 120 },
            { title: '类别', dataIndex: 'kind', width: 100, render: (kind: string) => kindLabels[kind] ?? kind },
            { title: '名称', dataIndex: 'name' },
            { title: '', key: 'remove', width: 80, render: (_, day) => <Button size="small" onClick={() => setDraft((current) => current.filter((d) => d.date !== day.date))}>移除</Button> },
          ]}
        />
        <Form
          layout="vertical"
          name="calendar-publish"
          onFinish={async (values: { source: string }) => {
            try {
              const result = await api<{ version: number; changed: boolean; recomputeWorkflowId: string }>(`/calendar/years/${year}`, {
                method: 'PUT',
                body: { source: values.source, days: draft.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? kindLabels[d.kind] })) },
              });
              setPublished(result);
              void message.success(result.changed ? `已发布第 ${result.version} 版，在办事项正在重算时限` : '内容与当前版本相同，未产生新版本');
              load();
            } catch (e) {
              void message.error(errorText(e));
            }
          }}
        >
          <Form.Item label="依据（文件名称与文号）" name="source" rules={[{ required: true, min: 2, message: '请注明依据' }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!changed}>
            发布{changed ? '（有改动）' : ''}
          </Button>
        </Form>
      </Card>
      {published && (
        <Card title={`第 ${published.version} 版：时限重算`} size="small">
          {recompute ? (
            <>
              <p>
                {recompute.status === 'running' ? '重算中…' : '重算完成'}：已重算 {recompute.recalculated} 个事项
              </p>
              <Table
                rowKey="itemId"
                size="small"
                dataSource={recompute.changes}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: '事项', dataIndex: 'title' },
                  { title: '原截止日', dataIndex: 'oldDueOn', width: 120 },
                  { title: '新截止日', dataIndex: 'newDueOn', width: 120 },
                  { title: '时间', dataIndex: 'at', width: 160, render: formatDateTime },
                ]}
              />
            </>
          ) : (
            <p>重算已启动（{published.recomputeWorkflowId}）</p>
          )}
        </Card>
      )}
      {data && data.revisions.length > 0 && (
        <Card title="版本记录" size="small">
          <List
            size="small"
            dataSource={data.revisions}
            renderItem={(revision) => (
              <List.Item>
                第 {revision.version} 版 · {revision.source} · {revision.publishedBy} · {formatDateTime(revision.publishedAt)}
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}

interface Recompute {
  status: 'running' | 'done' | 'failed' | 'unknown';
  recalculated: number;
  changes: { itemId: string; title: string; oldDueOn: string | null; newDueOn: string | null; at: string }[];
}
