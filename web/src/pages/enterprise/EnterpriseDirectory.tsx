import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api, errorText, query } from '../../api';
import { useLocale } from '../../i18n';
import { useSession } from '../../session';
import { unitName, useUnits } from '../../units';
// The tiers are data shared with the API (one list).
import { tierKeys, type TierKey } from '../../../../domain/recognition/recognition';


interface DirectoryEntry {
  id: string;
  name: string;
  creditCode: string;
  townUnitId: string | null;
  industry: string | null;
  serviceOfficer: { staffId: string; name: string; unitId: string } | null;
  tiers: { tier: TierKey; tierLabel: string; validUntil: string }[];
}

interface Filters {
  q?: string;
  townUnitId?: string;
  tier?: TierKey;
  serviceOfficerId?: string;
}

// 企业库: any staff member finds an enterprise by name or credit code, town and current tier
// (GET /enterprises, ordered by name, a page at a time); its figures stay on its own page.
export default function EnterpriseDirectory() {
  const { t } = useLocale();
  const { session } = useSession();
  const units = useUnits();
  const [form] = Form.useForm<Filters & { mine?: boolean }>();
  const [filters, setFilters] = useState<Filters>({});
  const [rows, setRows] = useState<DirectoryEntry[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  const load = useCallback(async (current: Filters, after: string | null) => {
    setError(undefined);
    try {
      const result = await api<{ enterprises: DirectoryEntry[]; nextCursor: string | null }>(`/enterprises${query({ ...current, cursor: after, limit: 50 })}`);
      setRows((shown) => (after ? [...(shown ?? []), ...result.enterprises] : result.enterprises));
      setCursor(result.nextCursor);
    } catch (e) {
      setError(errorText(e));
      setRows([]);
    }
  }, []);

  useEffect(() => {
    void load(filters, null);
  }, [load, filters]);

  const towns = [...units.values()].filter((unit) => unit.kind === 'town');
  return (
    <Card title={t('ent.title')}>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Form
        form={form}
        layout="inline"
        name="enterprise-search"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(values) => {
          setRows(undefined);
          setFilters({ q: values.q?.trim() || undefined, townUnitId: values.townUnitId, tier: values.tier, serviceOfficerId: values.mine ? session?.principal.staffMemberId : undefined });
        }}
      >
        <Form.Item name="q" label={t('ent.search')}>
          <Input allowClear maxLength={50} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="townUnitId" label={t('ent.town')}>
          <Select showSearch optionFilterProp="label" allowClear placeholder={t('ent.anyTown')} style={{ width: 160 }} options={towns.map((town) => ({ value: town.id, label: town.name }))} />
        </Form.Item>
        <Form.Item name="tier" label={t('ent.tier')}>
          <Select showSearch optionFilterProp="label" allowClear placeholder={t('ent.anyTier')} style={{ width: 240 }} options={tierKeys.map((tier) => ({ value: tier, label: t(`recognition.tier.${tier}`) }))} />
        </Form.Item>
        <Form.Item name="mine" valuePropName="checked">
          <Checkbox>{t('ent.mine')}</Checkbox>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('ent.find')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setRows(undefined);
              setFilters({});
            }}
          >
            {t('ent.reset')}
          </Button>
        </Space>
      </Form>
      <Table<DirectoryEntry>
        rowKey="id"
        size="small"
        loading={!rows && !error}
        dataSource={rows ?? []}
        pagination={false}
        columns={[
          { title: t('ent.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/enterprises/${row.id}`}>{name}</Link> },
          { title: t('ent.creditCode'), dataIndex: 'creditCode', width: 200 },
          { title: t('ent.town'), dataIndex: 'townUnitId', width: 120, render: (id: string | null) => (id ? unitName(units, id) : '—') },
          { title: t('ent.industry'), dataIndex: 'industry', width: 140, render: (value: string | null) => value ?? '—' },
          {
            title: t('ent.serviceOfficer'),
            dataIndex: 'serviceOfficer',
            width: 180,
            render: (officer: DirectoryEntry['serviceOfficer']) => (officer ? t('actor.staff', { name: officer.name, unit: unitName(units, officer.unitId) }) : '—'),
          },
          {
            title: t('ent.tiers'),
            key: 'tiers',
            render: (_, row) =>
              row.tiers.length === 0 ? (
                <Typography.Text type="secondary">{t('ent.noTier')}</Typography.Text>
              ) : (
                <Space size={4} wrap>
                  {row.tiers.map((tier) => (
                    <Tag key={tier.tier} color="purple" title={t('ent.validUntil', { date: tier.validUntil })}>
                      {t(`recognition.tier.${tier.tier}`)}
                    </Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      {rows && (
        <Space style={{ marginTop: 12 }}>
          <Typography.Text type="secondary" data-testid="enterprise-count">
            {t('ent.count', { n: rows.length })}
          </Typography.Text>
          {cursor && <Button onClick={() => void load(filters, cursor)}>{t('loadMore')}</Button>}
        </Space>
      )}
    </Card>
  );
}
