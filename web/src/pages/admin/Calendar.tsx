import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, List, Progress, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../../api';
import { WorkingDays, formatDateTime, todayInShanghai } from '../../dates';
import { useLocale } from '../../i18n';
import type { CalendarDay, CalendarYear } from '../../types';

const dayKinds = ['holiday', 'makeup_workday', 'closure'] as const;
const kindClass: Record<string, string> = { holiday: 'srdi-day-holiday', makeup_workday: 'srdi-day-makeup', closure: 'srdi-day-closure' };
const errorText = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.fields.map((f) => `${f.path}：${f.message}`)].join('；') : String(e));

/** One month as a Monday-first grid; days off shaded, special days coloured by kind. */
function Month({ year, month, special }: { year: number; month: number; special: Map<string, CalendarDay> }) {
  const { t } = useLocale();
  const weekdays = t('calendar.weekdays').split(',');
  const kindLabel = useKindLabel();
  const calendar = useMemo(() => new WorkingDays(new Map([...special].map(([date, day]) => [date, day.kind]))), [special]);
  const first = new Date(Date.UTC(year, month, 1));
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const offset = (first.getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array<null>(offset).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const iso = (day: number) => `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return (
    <section className="srdi-month" aria-label={t('calendar.monthLabel', { year, month: month + 1 })}>
      <h3>{t('calendar.month', { month: month + 1 })}</h3>
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
                  <td key={column} className={className} title={entry ? `${entry.name} (${kindLabel(entry.kind)})` : undefined}>
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
  const { t } = useLocale();
  const kindLabel = useKindLabel();
  const [year, setYear] = useState(Number(todayInShanghai().slice(0, 4)));
  const [data, setData] = useState<CalendarYear>();
  const [draft, setDraft] = useState<CalendarDay[]>([]);
  const [error, setError] = useState<string>();
  const [published, setPublished] = useState<{ version: number; changed: boolean; recomputeWorkflowId: string }>();
  const [recompute, setRecompute] = useState<Recompute>();

  // Another year: the last publication's recompute belongs to the year it was made in.
  useEffect(() => {
    setPublished(undefined);
    setRecompute(undefined);
  }, [year]);

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
        title={t('calendar.title', { year })}
        extra={
          <Space>
            <label htmlFor="calendar-year">{t('calendar.year')}</label>
            <InputNumber id="calendar-year" min={2000} max={2100} value={year} onChange={(value) => value && setYear(value)} />
            {data && (
              <Tag color={data.published && !data.provisional ? 'success' : 'warning'}>
                {!data.published ? t('calendar.unpublished') : data.provisional ? t('calendar.provisionalN', { n: data.version ?? '' }) : t('calendar.versionN', { n: data.version ?? '' })}
              </Tag>
            )}
          </Space>
        }
      >
        {error && <Alert type="error" title={error} showIcon role="alert" />}
        {data?.source && <p>{t('calendar.source', { source: data.source })}</p>}
        {data?.provisional && <Alert type="warning" showIcon title={t('calendar.provisionalHint')} style={{ marginBottom: 12 }} />}
        <div className="srdi-year">
          {Array.from({ length: 12 }, (_, month) => (
            <Month key={month} year={year} month={month} special={special} />
          ))}
        </div>
        <Space style={{ marginTop: 12 }} wrap>
          <Tag className="srdi-day-holiday">{kindLabel('holiday')}</Tag>
          <Tag className="srdi-day-makeup">{kindLabel('makeup_workday')}</Tag>
          <Tag className="srdi-day-closure">{kindLabel('closure')}</Tag>
          <Tag className="srdi-day-off">{t('calendar.weekend')}</Tag>
        </Space>
      </Card>
      <Card title={t('calendar.edit')} size="small">
        <Form
          layout="inline"
          name="calendar-day"
          onFinish={(values: { date: Dayjs; kind: string; name: string }) => {
            const date = values.date.format('YYYY-MM-DD');
            setDraft((current) => [...current.filter((d) => d.date !== date), { date, kind: values.kind, name: values.name }].sort((a, b) => a.date.localeCompare(b.date)));
          }}
        >
          <Form.Item label={t('calendar.date')} name="date" rules={[{ required: true, message: t('calendar.dateRequired') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item label={t('calendar.kind')} name="kind" initialValue="closure" rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={dayKinds.map((value) => ({ value, label: kindLabel(value) }))} />
          </Form.Item>
          <Form.Item label={t('calendar.name')} name="name" rules={[{ required: true, message: t('calendar.nameRequired') }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Button htmlType="submit">{t('calendar.add')}</Button>
        </Form>
        <Table<CalendarDay>
          style={{ marginTop: 12 }}
          rowKey="date"
          size="small"
          dataSource={draft}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t('calendar.date'), dataIndex: 'date', width: 120 },
            { title: t('calendar.kind'), dataIndex: 'kind', width: 140, render: (kind: string) => kindLabel(kind) },
            { title: t('calendar.name'), dataIndex: 'name' },
            { title: '', key: 'remove', width: 80, render: (_, day) => <Button size="small" onClick={() => setDraft((current) => current.filter((d) => d.date !== day.date))}>{t('calendar.remove')}</Button> },
          ]}
        />
        <Form
          layout="vertical"
          name="calendar-publish"
          onFinish={async (values: { source: string }) => {
            try {
              const result = await api<{ version: number; changed: boolean; recomputeWorkflowId: string }>(`/calendar/years/${year}`, {
                method: 'PUT',
                body: { source: values.source, days: draft.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? kindLabel(d.kind) })) },
              });
              setPublished(result);
              void message.success(result.changed ? t('calendar.published', { n: result.version }) : t('calendar.unchanged'));
              load();
            } catch (e) {
              void message.error(errorText(e));
            }
          }}
        >
          <Form.Item label={t('calendar.sourceField')} name="source" rules={[{ required: true, min: 2, message: t('calendar.sourceRequired') }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!changed}>
            {changed ? t('calendar.publishChanged') : t('calendar.publish')}
          </Button>
        </Form>
      </Card>
      {published && (
        <Card title={t('calendar.recomputeTitle', { n: published.version })} size="small">
          {recompute ? (
            <>
              {/* The recompute does not know its total in advance: an animated bar while it runs, no invented percentage. */}
              <Progress
                aria-label={t('imports.progress')}
                percent={100}
                status={recompute.status === 'running' ? 'active' : recompute.status === 'failed' ? 'exception' : 'success'}
                showInfo={false}
              />
              <p role="status">
                {recompute.status === 'running'
                  ? t('calendar.recomputing', { n: recompute.recalculated })
                  : recompute.status === 'failed'
                    ? t('calendar.recomputeFailed', { n: recompute.recalculated })
                    : t('calendar.recomputed', { n: recompute.recalculated })}
              </p>
              <Table
                rowKey="itemId"
                size="small"
                dataSource={recompute.changes}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: t('calendar.item'), dataIndex: 'title' },
                  { title: t('calendar.oldDue'), dataIndex: 'oldDueOn', width: 120 },
                  { title: t('calendar.newDue'), dataIndex: 'newDueOn', width: 120 },
                  { title: t('admin.time'), dataIndex: 'at', width: 160, render: formatDateTime },
                ]}
              />
            </>
          ) : (
            <p>{t('calendar.recomputeStarted', { id: published.recomputeWorkflowId })}</p>
          )}
        </Card>
      )}
      {data && data.revisions.length > 0 && (
        <Card title={t('calendar.revisions')} size="small">
          <List
            size="small"
            dataSource={data.revisions}
            renderItem={(revision) => (
              <List.Item>
                {t('calendar.versionN', { n: revision.version })} · {revision.source} · {revision.publishedBy === 'system' ? t('calendar.bySystem') : revision.publishedBy} · {formatDateTime(revision.publishedAt)}
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}

/** A day kind's name in the current language (unknown kinds as they are). */
function useKindLabel() {
  const { t } = useLocale();
  return (kind: string) => ((dayKinds as readonly string[]).includes(kind) ? t(`calendar.kind.${kind as (typeof dayKinds)[number]}`) : kind);
}

interface Recompute {
  status: 'running' | 'done' | 'failed' | 'unknown';
  recalculated: number;
  changes: { itemId: string; title: string; oldDueOn: string | null; newDueOn: string | null; at: string }[];
}
