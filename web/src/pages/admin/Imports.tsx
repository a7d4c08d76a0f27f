import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Progress, Radio, Space, Table, Tag, Upload } from 'antd';
import { api, ApiError } from '../../api';
import { formatDateTime } from '../../dates';
import { useLocale } from '../../i18n';

const kinds = ['enterprises', 'plan'] as const;
type Kind = (typeof kinds)[number];
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface RowError {
  sheet: string;
  row: number;
  column?: string;
  message: string;
}

interface ImportJob {
  id: string;
  kind: Kind;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  fileName: string;
  total: number;
  done: number;
  errors: RowError[];
  errorCount: number;
  /** A plan's adds planCreated (0 when the plan existed), targets and measures. */
  summary: { created?: number; updated?: number; planCreated?: number; targets?: number; measures?: number } | null;
  failure: string | null;
  createdBy: string;
  createdAt: string;
  sameFileAs: string | null;
}

const finished = (job: ImportJob) => job.state === 'succeeded' || job.state === 'failed';
const percentOf = (job: ImportJob) => (job.state === 'succeeded' ? 100 : job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0);
const errorText = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].join('：') : String(e));

// 数据导入: the system administrator uploads a workbook (enterprises, or a plan with its targets
// and measures); the import runs on the server and this page follows it until it has finished,
// then lists every bad row (in which case nothing was written) or what was created and updated.
export default function Imports() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind>('enterprises');
  const [job, setJob] = useState<ImportJob>();
  const [recent, setRecent] = useState<ImportJob[]>([]);
  const [uploading, setUploading] = useState(false);
  const polling = useRef<number | undefined>(undefined);
  // Imports are run by administrators: their accounts give the names (the job records account:<id>).
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    api<{ accounts: { id: string; displayName: string }[] }>('/accounts?kind=admin&limit=100')
      .then((result) => setNames(new Map(result.accounts.map((account) => [`account:${account.id}`, account.displayName]))))
      .catch(() => undefined);
  }, []);

  const loadRecent = useCallback(() => {
    api<{ imports: ImportJob[] }>('/imports?limit=10')
      .then((result) => setRecent(result.imports))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    loadRecent();
    return () => window.clearTimeout(polling.current);
  }, [loadRecent]);

  const follow = useCallback(
    (id: string) => {
      const poll = async () => {
        try {
          const next = await api<ImportJob>(`/imports/${id}`);
          setJob(next);
          if (finished(next)) loadRecent();
          else polling.current = window.setTimeout(() => void poll(), 500);
        } catch (e) {
          void message.error(errorText(e));
        }
      };
      void poll();
    },
    [loadRecent, message],
  );

  const start = async (file: File) => {
    window.clearTimeout(polling.current);
    setUploading(true);
    setJob(undefined);
    try {
      const created = await api<ImportJob>(`/imports/${kind}`, { method: 'POST', blob: file, headers: { 'Content-Type': xlsx, 'X-File-Name': encodeURIComponent(file.name) } });
      setJob(created);
      follow(created.id);
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setUploading(false);
    }
  };

  const summaryText = (jobKind: Kind, summary: NonNullable<ImportJob['summary']>) => {
    const counts = { created: summary.created ?? 0, updated: summary.updated ?? 0 };
    if (jobKind !== 'plan') return t('imports.summary', counts);
    const plan = summary.planCreated ? t('imports.plan.created') : t('imports.plan.updated');
    return t('imports.planSummary', { plan, targets: summary.targets ?? 0, measures: summary.measures ?? 0, ...counts });
  };

  const stateTag = (value: ImportJob['state']) => (
    <Tag color={value === 'succeeded' ? 'success' : value === 'failed' ? 'error' : 'processing'}>{t(`imports.state.${value}`)}</Tag>
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('imports.title')}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <span id="import-kind-label">{t('imports.kind')}</span>
            <Radio.Group
              aria-labelledby="import-kind-label"
              value={kind}
              onChange={(event) => setKind(event.target.value as Kind)}
              options={kinds.map((value) => ({ value, label: t(`imports.kind.${value}`) }))}
              optionType="button"
            />
            <Button href={`/api/v1/import-templates/${kind}`} download>
              {t('imports.template')}
            </Button>
          </Space>
          <Alert type="info" showIcon title={t('imports.rule')} />
          <Upload
            accept=".xlsx"
            showUploadList={false}
            disabled={uploading || (job !== undefined && !finished(job))}
            beforeUpload={(file) => {
              void start(file);
              return false;
            }}
          >
            <Button type="primary" loading={uploading} aria-label={`${t('imports.choose')}: ${t('imports.file')}`}>
              {t('imports.choose')}
            </Button>
          </Upload>
        </Space>
      </Card>
      {job && (
        <Card size="small" title={`${t(`imports.kind.${job.kind}`)} · ${job.fileName}`} extra={stateTag(job.state)}>
          <Progress
            aria-label={t('imports.progress')}
            percent={percentOf(job)}
            status={job.state === 'failed' ? 'exception' : job.state === 'succeeded' ? 'success' : 'active'}
          />
          <p role="status">{t('imports.rows', { done: job.done, total: job.total })}</p>
          {job.sameFileAs && <Alert type="warning" showIcon title={t('imports.sameFile')} style={{ marginBottom: 12 }} />}
          {job.state === 'succeeded' && job.summary && <Alert type="success" showIcon title={summaryText(job.kind, job.summary)} />}
          {job.failure && <Alert type="error" showIcon role="alert" title={job.failure} />}
          {job.state === 'failed' && job.errors.length > 0 && (
            <>
              <Alert type="error" showIcon role="alert" title={t('imports.errors', { n: job.errorCount })} style={{ marginBottom: 12 }} />
              <Table<RowError>
                rowKey={(row) => `${row.sheet}-${row.row}-${row.column ?? ''}-${row.message}`}
                size="small"
                aria-label={t('imports.errors', { n: job.errors.length })}
                dataSource={job.errors}
                pagination={{ pageSize: 20 }}
                columns={[
                  { title: t('imports.sheet'), dataIndex: 'sheet', width: 120 },
                  { title: t('imports.row'), dataIndex: 'row', width: 80 },
                  { title: t('imports.column'), dataIndex: 'column', width: 160 },
                  { title: t('imports.message'), dataIndex: 'message' },
                ]}
              />
            </>
          )}
        </Card>
      )}
      <Card size="small" title={t('imports.recent')}>
        <Table<ImportJob>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={recent}
          columns={[
            { title: t('admin.time'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
            { title: t('imports.kind'), dataIndex: 'kind', width: 140, render: (value: Kind) => t(`imports.kind.${value}`) },
            { title: t('imports.fileName'), dataIndex: 'fileName' },
            { title: t('accounts.state'), dataIndex: 'state', width: 110, render: stateTag },
            { title: t('imports.progress'), key: 'rows', width: 140, render: (_, row) => `${row.done} / ${row.total}` },
            { title: t('imports.by'), dataIndex: 'createdBy', width: 160, render: (by: string) => names.get(by) ?? by },
          ]}
        />
      </Card>
    </Space>
  );
}
