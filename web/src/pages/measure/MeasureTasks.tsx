import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Progress, Space, Table, Tag } from 'antd';
import { api } from '../../api';
import { Deadline } from '../../components/Deadline';
import { stateName, useLocale } from '../../i18n';
import type { Colour, ItemState } from '../../types';
import { errorText, useKeyedText } from '../subsidy/text';
import { unitName, useUnits } from '../../units';

export interface MeasureCadence {
  period: 'month' | 'quarter';
  dueWorkingDay: number;
}

interface TaskRow {
  id: string;
  measureId: string;
  kind: string;
  no: string;
  title: string;
  text: string;
  leadUnitId: string;
  coUnitIds: string[];
  cadence: MeasureCadence;
  startsOn: string;
  latestReport: { period: string; itemId: string; state: ItemState | null; dueOn: string | null; colour: Colour | null; escalation: string | null } | null;
}

export interface SubTargetProgress {
  measureId: string;
  measureNo: string;
  name: string;
  target: number;
  per: 'plan' | 'year';
  actual: number;
  share: number | null;
  byYear: { year: number; actual: number; target: number | null; cumulative: number }[];
}

export function useCadenceText() {
  const { t } = useLocale();
  return (cadence: MeasureCadence) => t(cadence.period === 'quarter' ? 'measure.cadence.quarter' : 'measure.cadence.month', { n: cadence.dueWorkingDay });
}

export function SubTargetBar({ progress }: { progress: SubTargetProgress }) {
  const percent = progress.share === null ? 0 : Math.min(100, Math.round(progress.share * 100));
  return (
    <Space size={4} style={{ minWidth: 220 }}>
      <span>{progress.name}</span>
      <Progress percent={percent} size="small" style={{ width: 100, margin: 0 }} aria-label={`${progress.name} ${progress.actual}/${progress.target}`} />
      <span>
        {progress.actual}/{progress.target}
      </span>
    </Space>
  );
}

/** 重点任务: every tracked measure with its latest report and its sub-targets' progress. */
export default function MeasureTasks() {
  const units = useUnits();
  const { t, locale } = useLocale();
  const cadenceText = useCadenceText();
  const text = useKeyedText();
  const [tasks, setTasks] = useState<TaskRow[]>();
  const [progress, setProgress] = useState<SubTargetProgress[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    Promise.all([api<{ tasks: TaskRow[] }>('/measure-tasks'), api<{ subTargets: SubTargetProgress[] }>('/measure-targets/progress')])
      .then(([list, targets]) => {
        setTasks(list.tasks);
        setProgress(targets.subTargets);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  const byMeasure = useMemo(() => {
    const map = new Map<string, SubTargetProgress[]>();
    for (const entry of progress) map.set(entry.measureId, [...(map.get(entry.measureId) ?? []), entry]);
    return map;
  }, [progress]);
  return (
    <Card title={t('measure.title')}>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Table<TaskRow>
        rowKey="id"
        size="small"
        loading={!tasks && !error}
        dataSource={tasks ?? []}
        pagination={false}
        columns={[
          { title: t('measure.task'), dataIndex: 'title', render: (title: string, row) => <Link to={`/measure-tasks/${row.id}`}>{title}</Link> },
          { title: t('measure.lead'), dataIndex: 'leadUnitId', width: 160, render: (unit: string) => unitName(units, unit) },
          { title: t('measure.co'), dataIndex: 'coUnitIds', width: 80, render: (coUnits: string[]) => coUnits.length },
          { title: t('measure.cadence'), dataIndex: 'cadence', width: 200, render: (cadence: MeasureCadence) => cadenceText(cadence) },
          {
            title: t('measure.latest'),
            key: 'latest',
            width: 380,
            render: (_, row) =>
              row.latestReport ? (
                <Space size={4} wrap>
                  <Link to={`/items/${row.latestReport.itemId}`}>{row.latestReport.period}</Link>
                  {row.latestReport.state && <Tag>{stateName(locale, row.latestReport.state)}</Tag>}
                  <Deadline dueOn={row.latestReport.dueOn} colour={row.latestReport.colour ?? 'green'} />
                  {row.latestReport.escalation && <Tag color="error">{text('escalation', row.latestReport.escalation)}</Tag>}
                </Space>
              ) : (
                t('measure.notStarted')
              ),
          },
          {
            title: t('measure.progress'),
            key: 'progress',
            render: (_, row) => (
              <Space direction="vertical" size={0}>
                {(byMeasure.get(row.measureId) ?? []).map((entry) => (
                  <SubTargetBar key={entry.name} progress={entry} />
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
