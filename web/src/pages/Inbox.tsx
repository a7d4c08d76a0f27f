import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Checkbox, Input, Select, Space, Table, Tag } from 'antd';
import { apiOnce, query } from '../api';
import { Deadline } from '../components/Deadline';
import { stateName, useLocale } from '../i18n';
import { inboxUnitsOf, useSession } from '../session';
import type { InboxPage, Item } from '../types';
import { unitName, useUnits } from '../units';
import { useItemTypes } from '../item-types';

/** One page of a unit's inbox; 30 rows render quickly, "load more" brings the next. */
export const inboxPath = (unitId: string, params: Record<string, string | undefined | null>) => `/units/${unitId}/items${query({ ...params, limit: 30 })}`;

const states = ['pending_sign', 'in_progress', 'pending_review', 'returned', 'completed', 'closed', 'halted'];

// 单位待办: the unit's items, earliest own deadline first (the API's order), filters in the URL
// so that a filtered view can be bookmarked; keyset paging with "load more".
export default function Inbox() {
  const { session } = useSession();
  const { t, locale } = useLocale();
  const units = useMemo(() => (session ? inboxUnitsOf(session.principal) : []), [session]);
  const unitNames = useUnits();
  const itemTypes = useItemTypes();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unit') ?? units[0] ?? '';
  const filters = {
    state: params.get('state') ?? undefined,
    colour: params.get('colour') ?? undefined,
    type: params.get('type') ?? undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    q: params.get('q') ?? undefined,
  };
  const filterKey = JSON.stringify([unitId, filters]);
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(
    async (after: string | null) => {
      if (!unitId) return;
      setLoading(true);
      setError(undefined);
      try {
        const page = await apiOnce<InboxPage>(inboxPath(unitId, { ...filters, cursor: after }));
        setItems((current) => (after ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setLoading(false);
      }
    },
    [filterKey],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const setFilter = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <Card title={t('nav.inbox')} extra={<Button onClick={() => void load(null)}>{t('refresh')}</Button>}>
      <Space className="srdi-filters" wrap>
        {units.length > 1 && (
          <Select aria-label={t('unit')} value={unitId} style={{ width: 240 }} onChange={(value) => setFilter('unit', value)} options={units.map((unit) => ({ value: unit, label: unitName(unitNames, unit) }))} />
        )}
        <Input.Search
          aria-label={t('search')}
          placeholder={t('search')}
          allowClear
          defaultValue={filters.q}
          onSearch={(value) => setFilter('q', value.trim() || undefined)}
          style={{ width: 220 }}
        />
        <Select
          aria-label={t('state')}
          placeholder={t('state')}
          allowClear
          value={filters.state}
          style={{ width: 130 }}
          onChange={(value?: string) => setFilter('state', value)}
          options={states.map((state) => ({ value: state, label: stateName(locale, state) }))}
        />
        <Select
          aria-label={t('colour')}
          placeholder={t('colour')}
          allowClear
          value={filters.colour}
          style={{ width: 110 }}
          onChange={(value?: string) => setFilter('colour', value)}
          options={(['green', 'yellow', 'red'] as const).map((colour) => ({ value: colour, label: t(`colour.${colour}`) }))}
        />
        <Select
          aria-label={t('type')}
          placeholder={t('type')}
          allowClear
          showSearch
          optionFilterProp="label"
          value={filters.type}
          style={{ width: 180 }}
          onChange={(value?: string) => setFilter('type', value)}
          options={[...itemTypes].map(([value, label]) => ({ value, label }))}
        />
        <Checkbox checked={filters.overdue === 'true'} onChange={(event) => setFilter('overdue', event.target.checked ? 'true' : undefined)}>
          {t('overdueOnly')}
        </Checkbox>
      </Space>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Table<Item>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        pagination={false}
        columns={[
          {
            title: t('title'),
            dataIndex: 'title',
            render: (title: string, item) => (
              <Space direction="vertical" size={0}>
                <Link to={`/items/${item.id}`}>{title}</Link>
                <span style={{ color: '#595959', fontSize: 12 }}>{itemTypes.get(item.type) ?? item.type}</span>
              </Space>
            ),
          },
          { title: t('state'), dataIndex: 'state', width: 110, render: (state: string, item) => <Tag>{stateName(locale, state, item.stateLabel)}</Tag> },
          { title: t('role'), dataIndex: 'myRole', width: 90, render: (role: string | null) => (role === 'co' ? t('inbox.role.co') : t('inbox.role.lead')) },
          { title: t('leadUnit'), dataIndex: ['leadUnit', 'name'], width: 160 },
          {
            title: t('deadline'),
            key: 'deadline',
            width: 300,
            render: (_, item) => <Deadline dueOn={item.myDueOn ?? item.dueOn} colour={item.colour} provisional={item.provisional} />,
          },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void load(cursor)} loading={loading}>
            {t('loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}
