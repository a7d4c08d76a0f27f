import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useApiText } from '../../api-text';
import { api } from '../../api';
import { formatDateTime } from '../../dates';
import { stateName, useLocale } from '../../i18n';
import type { Colour } from '../../types';
import { ClockView, ErrorAlert, errorText, type ClockSummary } from './shared';

interface Application {
  id: string;
  tier: string;
  batch: { title: string; tierLabel: string; cutoffOn: string; criteriaVersion: string };
  state: string;
  stateLabel: string;
  currentStep: string | null;
  criteriaCheck: { allMet: boolean; figuresYear: number; results: { key: string; label: string; outcome: 'met' | 'not_met' | 'missing'; message?: string }[] };
  appliedAt: string;
  decidedAt: string | null;
  steps: {
    seq: number;
    kind: string;
    label: string;
    item: { state: string; dueOn: string | null; colour: Colour; clock: ClockSummary | null } | null;
    decision: string | null;
    comment: string | null;
    decidedAt: string | null;
    startedAt: string;
  }[];
}

const outcomeColours = { met: 'success', not_met: 'error', missing: 'warning' } as const;

// 认定申报进度: the criteria check it was accepted on, and each review step with its legal clock
// and decision.
export default function RecognitionCase() {
  const { applicationId = '' } = useParams();
  const { t, locale } = useLocale();
  const apiText = useApiText();
  const [found, setFound] = useState<Application>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Application>(`/recognition/applications/${applicationId}`)
      .then(setFound)
      .catch((e: unknown) => setError(errorText(e)));
  }, [applicationId]);
  if (error) return <ErrorAlert error={error} />;
  if (!found) return <Card loading />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('portal.recognition.caseTitle', { batch: found.batch.title, tier: apiText('recognition.tier', found.tier, found.batch.tierLabel) })} extra={<Tag color="purple">{apiText('recognition.state', found.state, found.stateLabel)}</Tag>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('portal.submittedAt')}>{formatDateTime(found.appliedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('portal.recognition.criteriaVersion')}>{found.batch.criteriaVersion}</Descriptions.Item>
          {found.decidedAt && <Descriptions.Item label={t('portal.recognition.decidedAt')}>{formatDateTime(found.decidedAt)}</Descriptions.Item>}
        </Descriptions>
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={found.criteriaCheck.results}
          columns={[
            { title: t('portal.recognition.criterion'), dataIndex: 'label', width: 220 },
            { title: t('portal.recognition.outcome'), dataIndex: 'outcome', width: 110, render: (outcome: 'met' | 'not_met' | 'missing') => <Tag color={outcomeColours[outcome]}>{t(`portal.recognition.outcome.${outcome}`)}</Tag> },
            { title: t('portal.recognition.detail'), dataIndex: 'message' },
          ]}
        />
      </Card>
      {found.steps.map((step) => (
        <Card key={step.seq} size="small" title={apiText('recognition.step', step.kind, step.label)} extra={step.item ? <Tag>{stateName(locale, step.item.state)}</Tag> : null}>
          {step.item && <ClockView clock={step.item.clock} dueOn={step.item.dueOn} colour={step.item.colour} />}
          {step.decision && (
            <Typography.Paragraph>
              <Tag color={step.decision === 'pass' ? 'success' : 'error'}>{step.decision === 'pass' ? t('portal.recognition.pass') : t('portal.recognition.reject')}</Tag>
              {step.comment} <Typography.Text type="secondary">{formatDateTime(step.decidedAt)}</Typography.Text>
            </Typography.Paragraph>
          )}
        </Card>
      ))}
    </Space>
  );
}
