import type { ReactNode } from 'react';
import { Alert, Descriptions, List, Progress, Space, Tag, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { api } from '../../api';
import { Deadline } from '../../components/Deadline';
import { formatDateTime, shanghaiDate } from '../../dates';
import { useLocale } from '../../i18n';
import type { Colour } from '../../types';

// Pieces every portal page uses: the legal clock of a step, uploads, error texts.

export interface ClockSummary {
  budget: number;
  used: number;
  running: boolean;
  suspendedDays: number;
  suspensions: { reason: string; legalBasis: string | null; from: string; to: string | null; open: boolean; excludedDays: number }[];
  /** The day the step's work was done, once it is (the deadline then shows how it ended). */
  doneOn?: string | null;
}

/** An API failure as one line: the message and each field's message. */
export { errorText } from '../../api';

export function ErrorAlert({ error }: { error?: string }) {
  if (!error) return null;
  return <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />;
}

/** Uploads each chosen file as the request body (the API reads the name from X-File-Name). */
export async function uploadFiles(path: string, files: UploadFile[]): Promise<void> {
  for (const file of files) {
    if (!file.originFileObj) continue;
    await api(path, { method: 'POST', blob: file.originFileObj, headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) } });
  }
}

export const acceptedFiles = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx';

/**
 * 法定时限 of one step: the deadline, the budget and the working days used, and every suspension
 * of the clock with its reason, legal basis and the working days it left out.
 */
export function ClockView({ clock, dueOn, colour, extra }: { clock: ClockSummary | null | undefined; dueOn: string | null; colour: Colour; extra?: ReactNode }) {
  const { t } = useLocale();
  return (
    <Descriptions size="small" column={1} className="srdi-clock">
      <Descriptions.Item label={t('portal.clock.deadline')}>
        <Space wrap>
          <Deadline dueOn={dueOn} colour={colour} doneOn={clock?.doneOn} />
          {clock && !clock.running && !clock.doneOn && <Tag color="orange">{t('portal.clock.stopped')}</Tag>}
          {extra}
        </Space>
      </Descriptions.Item>
      {clock && (
        <Descriptions.Item label={t('portal.clock.legal')}>
          <Space wrap>
            <span data-testid="clock-usage">{t('portal.clock.usage', { budget: clock.budget, used: clock.used })}</span>
            <Progress percent={Math.min(100, Math.round((clock.used / Math.max(1, clock.budget)) * 100))} size="small" style={{ width: 160 }} status={colour === 'red' ? 'exception' : 'normal'} aria-label={t('portal.clock.legal')} />
          </Space>
        </Descriptions.Item>
      )}
      {clock && clock.suspensions.length > 0 && (
        <Descriptions.Item label={t('portal.clock.suspensions')}>
          <List
            size="small"
            dataSource={clock.suspensions}
            renderItem={(suspension) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <Typography.Text>{suspension.reason}</Typography.Text>
                  {suspension.legalBasis && <Typography.Text type="secondary">{t('portal.clock.basis', { basis: suspension.legalBasis })}</Typography.Text>}
                  <Typography.Text type="secondary">
                    {suspension.open
                      ? t('portal.clock.suspendedSince', { from: shanghaiDate(suspension.from) })
                      : t('portal.clock.suspendedFromTo', { from: shanghaiDate(suspension.from), to: shanghaiDate(suspension.to!), days: suspension.excludedDays })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** A case's timeline entry: when, and what happened. */
export interface TimelineEntry {
  at: string;
  text: string;
}

export const timelineItems = (entries: TimelineEntry[]) => entries.map((entry) => ({ content: `${formatDateTime(entry.at)} ${entry.text}` }));
