import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api';
import { useLocale } from '../../i18n';
import { unitName, useUnits } from '../../units';
import { EChart } from './EChart';
import type { Achievement, Goal, GoalYear, GoalsProgress, MeasureTaskSummary, SubTargetProgress } from './types';
import './analytics.css';

const percentText = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}%`);

/** The year whose pace applies: this year within the plan, else the plan's last (or first) year. */
function paceYear(goal: Goal, asOf: string): GoalYear | undefined {
  const year = Number(asOf.slice(0, 4));
  return goal.years.find((entry) => entry.year === year) ?? (year > (goal.years.at(-1)?.year ?? 0) ? goal.years.at(-1) : goal.years[0]);
}

/** 按序时进度应完成: the target times the share of the plan period elapsed. */
const expectedByPace = (goal: Goal, pace: GoalYear | undefined) => (pace ? Math.round((goal.target * pace.timeElapsed) / 100) : null);

// 目标进度: the plan's four targets (actual vs target, against the time elapsed), and the measures'
// sub-targets, each drilled down to the units that recorded achievements.
export default function Goals() {
  const { t } = useLocale();
  const [goals, setGoals] = useState<GoalsProgress>();
  const [subTargets, setSubTargets] = useState<SubTargetProgress[]>();
  const [tasks, setTasks] = useState<MeasureTaskSummary[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    Promise.all([api<GoalsProgress>('/goals/progress'), api<{ subTargets: SubTargetProgress[] }>('/measure-targets/progress')])
      .then(([progress, targets]) => {
        setGoals(progress);
        setSubTargets(targets.subTargets);
      })
      .catch((e: Error) => setError(e.message));
    // Only for the drill-down: a measure not tracked yet has no task, and no achievements.
    api<{ tasks: MeasureTaskSummary[] }>('/measure-tasks')
      .then((answer) => setTasks(answer.tasks))
      .catch(() => undefined);
  }, []);

  const goalChart = useMemo(() => {
    if (!goals) return undefined;
    const pace = goals.goals.map((goal) => paceYear(goal, goals.asOf)?.timeElapsed ?? null);
    const description = `${t('goals.chartTitle')}：${goals.goals
      .map((goal, index) => `${goal.name} ${t('goals.completion')} ${percentText(goal.completion)}，${t('goals.pace')} ${percentText(pace[index] ?? null)}`)
      .join('；')}`;
    return {
      description,
      option: {
        tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value}%` : '—') },
        legend: { top: 0 },
        grid: { left: 48, right: 16, top: 36, bottom: 40 },
        xAxis: { type: 'category', data: goals.goals.map((goal) => goal.name), axisLabel: { interval: 0 } },
        yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
        series: [
          { name: t('goals.completion'), type: 'bar', barMaxWidth: 42, data: goals.goals.map((goal) => goal.completion ?? '-'), itemStyle: { color: '#1554ad' }, label: { show: true, position: 'top', formatter: '{c}%' } },
          { name: t('goals.pace'), type: 'bar', barMaxWidth: 42, data: pace.map((value) => value ?? '-'), itemStyle: { color: '#bfbfbf' } },
        ],
      },
    };
  }, [goals, t]);

  const subTargetChart = useMemo(() => {
    if (!subTargets || subTargets.length === 0) return undefined;
    const label = (s: SubTargetProgress) => `${s.name}（${t('goals.measureNo', { no: s.measureNo })}）`;
    const share = (s: SubTargetProgress) => (s.share === null ? '-' : Math.round(s.share * 1000) / 10);
    return {
      description: `${t('goals.subTargetChart')}：${subTargets.map((s) => `${label(s)} ${s.actual}/${s.target}${s.per === 'year' ? t('goals.perYear') : ''}`).join('；')}`,
      option: {
        tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value}%` : '—') },
        grid: { left: 170, right: 40, top: 16, bottom: 24 },
        xAxis: { type: 'value', min: 0, max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max)), axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', inverse: true, data: subTargets.map(label), axisLabel: { width: 160, overflow: 'truncate' } },
        series: [{ name: t('goals.share'), type: 'bar', barMaxWidth: 18, data: subTargets.map(share), itemStyle: { color: '#389e0d' }, label: { show: true, position: 'right', formatter: '{c}%' } }],
      },
    };
  }, [subTargets, t]);

  if (error) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!goals || !subTargets) return <Card loading />;
  const taskOf = new Map(tasks.map((task) => [task.measureId, task]));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('goals.title')}
      </Typography.Title>
      <Typography.Text type="secondary">
        {t('goals.planLine', { plan: goals.plan.title, from: goals.plan.periodFrom, to: goals.plan.periodTo, asOf: goals.asOf })}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        {goals.goals.map((goal) => (
          <Col xs={24} md={12} xl={6} key={goal.key}>
            <GoalCard goal={goal} asOf={goals.asOf} />
          </Col>
        ))}
      </Row>
      {goalChart && (
        <Card title={t('goals.chartTitle')} size="small">
          <EChart option={goalChart.option} description={goalChart.description} testId="goals-chart" />
        </Card>
      )}
      <Card title={t('goals.byYear')} size="small">
        <Table<Goal>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={goals.goals}
          columns={[
            { title: t('goals.goal'), dataIndex: 'name' },
            { title: t('goals.target'), dataIndex: 'target', align: 'right', width: 90 },
            ...goals.goals[0]!.years.map((year, index) => ({
              title: t('goals.yearColumn', { year: year.year }),
              key: String(year.year),
              align: 'right' as const,
              render: (_: unknown, goal: Goal) => {
                const entry = goal.years[index];
                if (!entry || entry.actual === null) return '—';
                return (
                  <span title={t('goals.yearCellHint', { n: entry.actual, total: entry.cumulative ?? 0, pace: entry.timeElapsed })}>
                    +{entry.actual} / {entry.cumulative}（{percentText(entry.completion)}）
                  </span>
                );
              },
            })),
          ]}
        />
      </Card>
      <Card title={t('goals.subTargets')} size="small">
        {subTargetChart ? <EChart option={subTargetChart.option} description={subTargetChart.description} height={Math.max(160, subTargets.length * 34 + 40)} testId="sub-targets-chart" /> : <Empty />}
        <Table<SubTargetProgress>
          rowKey={(row) => `${row.measureId}/${row.name}`}
          size="small"
          pagination={false}
          style={{ marginTop: 12 }}
          dataSource={subTargets}
          expandable={{
            expandedRowRender: (row) => <SubTargetUnits subTarget={row} task={taskOf.get(row.measureId)} />,
            expandRowByClick: false,
          }}
          columns={[
            { title: t('goals.measure'), dataIndex: 'measureNo', width: 110, render: (no: string) => t('goals.measureNo', { no }) },
            { title: t('goals.subTarget'), dataIndex: 'name' },
            { title: t('goals.target'), key: 'target', width: 110, align: 'right', render: (_: unknown, row) => (row.per === 'year' ? `${row.target}${t('goals.perYear')}` : row.target) },
            { title: t('goals.actual'), dataIndex: 'actual', width: 90, align: 'right' },
            {
              title: t('goals.share'),
              key: 'share',
              width: 200,
              render: (_: unknown, row) => (row.share === null ? '—' : <Progress percent={Math.round(row.share * 1000) / 10} size="small" format={(value) => `${value}%`} aria-label={`${row.name} · ${t('goals.share')}`} />),
            },
            {
              title: t('goals.byYearShort'),
              key: 'years',
              render: (_: unknown, row) =>
                row.byYear
                  .filter((year) => year.actual > 0)
                  .map((year) => t('goals.yearCount', { year: year.year, n: year.actual }))
                  .join('，') || '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function GoalCard({ goal, asOf }: { goal: Goal; asOf: string }) {
  const { t } = useLocale();
  const pace = paceYear(goal, asOf);
  const expected = expectedByPace(goal, pace);
  const behind = goal.actual !== null && expected !== null && goal.actual < expected;
  return (
    <Card size="small" title={<span title={goal.name}>{goal.name}</span>} data-testid={`goal-${goal.key}`}>
      <div className="srdi-goal-figure">
        {goal.actual === null ? <Tag>{t('goals.noSource')}</Tag> : behind ? <Tag color="warning">{t('goals.behind')}</Tag> : <Tag color="success">{t('goals.onPace')}</Tag>}
        <span data-testid="goal-actual" className="srdi-goal-actual">{goal.actual ?? '—'}</span>
        <span className="srdi-goal-target">
          / <span data-testid="goal-target">{goal.target}</span>
        </span>
      </div>
      <Progress
        percent={Math.min(100, goal.completion ?? 0)}
        success={{ percent: 0 }}
        format={() => <span data-testid="goal-completion">{percentText(goal.completion)}</span>}
        aria-label={t('goals.completion')}
      />
      <div className="srdi-pace" aria-hidden>
        <div className="srdi-pace-mark" style={{ left: `${Math.min(100, pace?.timeElapsed ?? 0)}%` }} />
      </div>
      <Typography.Paragraph style={{ margin: '8px 0 0' }}>
        {t('goals.paceLine', { pace: percentText(pace?.timeElapsed ?? null), year: pace?.year ?? '—' })}
        <br />
        {t('goals.expectedLine', { n: expected ?? '—', due: goal.due })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
        {goal.note}
      </Typography.Paragraph>
    </Card>
  );
}

/** The units that recorded achievements toward one sub-target: a count per unit, then each record. */
function SubTargetUnits({ subTarget, task }: { subTarget: SubTargetProgress; task: MeasureTaskSummary | undefined }) {
  const { t } = useLocale();
  const units = useUnits();
  const [achievements, setAchievements] = useState<Achievement[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!task) return;
    api<{ achievements: Achievement[] }>(`/measure-tasks/${task.id}`)
      .then((detail) => setAchievements(detail.achievements.filter((a) => a.subTarget === subTarget.name)))
      .catch((e: Error) => setError(e.message));
  }, [task, subTarget.name]);
  if (!task) return <Typography.Text type="secondary">{t('goals.notTracked')}</Typography.Text>;
  if (error) return <Alert type="error" title={error} showIcon />;
  if (!achievements) return <Card loading size="small" />;
  if (achievements.length === 0) return <Typography.Text type="secondary">{t('goals.noAchievements')}</Typography.Text>;
  const perUnit = new Map<string, number>();
  for (const a of achievements) perUnit.set(a.unitId, (perUnit.get(a.unitId) ?? 0) + a.count);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`sub-target-units-${subTarget.name}`}>
      <Space wrap>
        {[...perUnit.entries()].map(([unitId, count]) => (
          <Tag key={unitId} color="blue">
            {unitName(units, unitId)}：{count}
          </Tag>
        ))}
      </Space>
      <Table<Achievement>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={achievements}
        columns={[
          { title: t('goals.achievedOn'), dataIndex: 'achievedOn', width: 120 },
          { title: t('unit'), dataIndex: 'unitId', width: 200, render: (unitId: string) => unitName(units, unitId) },
          { title: t('goals.count'), dataIndex: 'count', width: 80, align: 'right' },
          { title: t('goals.evidence'), dataIndex: 'evidence' },
          { title: t('goals.reference'), dataIndex: 'reference', width: 200, render: (value: string | null) => value ?? '—' },
        ]}
      />
    </Space>
  );
}
