import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../../api';
import { useLocale, type MessageKey } from '../../i18n';
import { useSession } from '../../session';

const roles = ['liaison', 'unit_leader', 'commission_officer', 'commission_head', 'district_leader'] as const;
type Role = (typeof roles)[number];
const unitKinds = ['commission', 'department', 'park', 'town', 'external'] as const;

interface StaffMember {
  id: string;
  name: string;
  roles: Role[];
  active: boolean;
  username: string | null;
}

interface Unit {
  id: string;
  name: string;
  kind: (typeof unitKinds)[number];
  staff: StaffMember[];
}

interface Acting {
  id: string;
  staffMemberId: string;
  standInName: string;
  forStaffMemberId: string;
  forName: string;
  from: string;
  to: string;
  reason: string;
  current: boolean;
}

interface Chart {
  today: string;
  units: Unit[];
  acting: Acting[];
}

const errorText = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].join('：') : String(e));

// 组织架构: every unit by kind with its staff, their roles and stand-ins (代岗). Both the system and
// the security administrator read it; only the security administrator changes roles and
// stand-ins (三权分立, domain/access/policy.ts), so only they see the buttons.
export default function OrgChart() {
  const { t } = useLocale();
  const { session } = useSession();
  const { message, modal } = App.useApp();
  const security = session?.principal.adminRole === 'security';
  const system = session?.principal.adminRole === 'system';
  const [chart, setChart] = useState<Chart>();
  const [error, setError] = useState<string>();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<StaffMember>();
  const [arranging, setArranging] = useState(false);
  const [addingUnit, setAddingUnit] = useState(false);
  const [addingStaffTo, setAddingStaffTo] = useState<Unit>();

  const load = useCallback(
    () =>
      api<Chart>('/organisation')
        .then(setChart)
        .catch((e: unknown) => setError(errorText(e))),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const roleLabel = (role: Role) => t(`org.role.${role}`);
  const unitName = useMemo(() => new Map((chart?.units ?? []).flatMap((unit) => unit.staff.map((member) => [member.id, unit.name]))), [chart]);
  const people = useMemo(
    () => (chart?.units ?? []).flatMap((unit) => unit.staff.filter((member) => member.active).map((member) => ({ value: member.id, label: `${member.name} (${unit.name})` }))),
    [chart],
  );

  const actingTags = (member: StaffMember) =>
    (chart?.acting ?? []).flatMap((row) => {
      if (row.staffMemberId === member.id) return [<Tag key={`s-${row.id}`} color="purple">{t('org.standsIn', { name: row.forName, to: row.to })}</Tag>];
      if (row.forStaffMemberId === member.id) return [<Tag key={`f-${row.id}`} color="orange">{t('org.coveredBy', { name: row.standInName, to: row.to })}</Tag>];
      return [];
    });

  const matches = (member: StaffMember) => search.trim() === '' || member.name.includes(search.trim());
  const unitTable = (unit: Unit) => (
    <Card
      key={unit.id}
      size="small"
      title={unit.name}
      extra={
        <Space>
          {t('org.staffCount', { n: unit.staff.length })}
          {system && (
            <Button size="small" aria-label={`${t('org.addStaff')} ${unit.name}`} onClick={() => setAddingStaffTo(unit)}>
              {t('org.addStaff')}
            </Button>
          )}
        </Space>
      }
      style={{ marginBottom: 12 }}
    >
      <Table<StaffMember>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={unit.staff.filter(matches)}
        aria-label={unit.name}
        columns={[
          { title: t('org.name'), dataIndex: 'name', width: 140, render: (name: string, member) => (member.active ? name : `${name} (${t('org.left')})`) },
          {
            title: t('org.roles'),
            key: 'roles',
            render: (_, member) => (
              <Space size={2} wrap>
                {member.roles.map((role) => (
                  <Tag key={role} color="blue">
                    {roleLabel(role)}
                  </Tag>
                ))}
                {actingTags(member)}
              </Space>
            ),
          },
          { title: t('org.account'), dataIndex: 'username', width: 200, render: (username: string | null) => username ?? <Tag>{t('org.noAccount')}</Tag> },
          ...(security
            ? [
                {
                  title: t('admin.operations'),
                  key: 'actions',
                  width: 110,
                  render: (_: unknown, member: StaffMember) => (
                    <Button size="small" aria-label={`${t('org.editRoles')} ${member.name}`} onClick={() => setEditing(member)} disabled={!member.active}>
                      {t('org.editRoles')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );

  const endActing = (row: Acting) =>
    modal.confirm({
      title: `${t('org.actingEnd')}：${row.standInName} → ${row.forName}`,
      onOk: async () => {
        try {
          await api(`/acting-assignments/${row.id}/end`, { method: 'POST', body: { reason: t('org.actingReasonEnd') } });
          void message.success(t('org.actingEnded'));
          void load();
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });

  const kindsPresent = unitKinds.filter((kind) => chart?.units.some((unit) => unit.kind === kind));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('org.title')}
        extra={
          <Space>
            <Input.Search aria-label={t('org.search')} placeholder={t('org.search')} allowClear style={{ width: 200 }} onChange={(event) => setSearch(event.target.value)} />
            {system && (
              <Button type="primary" onClick={() => setAddingUnit(true)}>
                {t('org.addUnit')}
              </Button>
            )}
          </Space>
        }
      >
        {error && <Alert type="error" title={error} showIcon role="alert" />}
        {!security && <Alert type="info" title={t('org.readOnly')} showIcon style={{ marginBottom: 12 }} />}
        {chart && (
          <Tabs
            items={kindsPresent.map((kind) => ({
              key: kind,
              label: `${t(`org.kind.${kind}` as MessageKey)} (${chart.units.filter((unit) => unit.kind === kind).length})`,
              children: chart.units.filter((unit) => unit.kind === kind && (search.trim() === '' || unit.staff.some(matches))).map(unitTable),
            }))}
          />
        )}
      </Card>
      <Card
        title={t('org.acting')}
        size="small"
        extra={
          security && (
            <Button type="primary" onClick={() => setArranging(true)}>
              {t('org.actingAdd')}
            </Button>
          )
        }
      >
        <Table<Acting>
          rowKey="id"
          size="small"
          pagination={false}
          locale={{ emptyText: t('org.actingNone') }}
          dataSource={chart?.acting ?? []}
          columns={[
            { title: t('org.actingStandIn'), key: 'standIn', render: (_, row) => `${row.standInName} (${unitName.get(row.staffMemberId) ?? ''})` },
            { title: t('org.actingFor'), key: 'for', render: (_, row) => `${row.forName} (${unitName.get(row.forStaffMemberId) ?? ''})` },
            { title: t('org.actingPeriod'), key: 'period', width: 220, render: (_, row) => `${row.from} ~ ${row.to}` },
            { title: t('accounts.state'), key: 'state', width: 100, render: (_, row) => <Tag color={row.current ? 'green' : 'default'}>{row.current ? t('org.actingCurrent') : t('org.actingPlanned')}</Tag> },
            { title: t('admin.reason'), dataIndex: 'reason' },
            ...(security
              ? [{ title: t('admin.operations'), key: 'end', width: 110, render: (_: unknown, row: Acting) => <Button size="small" danger onClick={() => endActing(row)}>{t('org.actingEnd')}</Button> }]
              : []),
          ]}
        />
      </Card>
      <Modal open={!!editing} title={t('org.rolesTitle', { name: editing?.name ?? '' })} footer={null} onCancel={() => setEditing(undefined)} destroyOnHidden>
        {editing && (
          <Form
            layout="vertical"
            name="staff-roles"
            initialValues={{ roles: editing.roles }}
            onFinish={async (values: { roles: Role[]; reason: string }) => {
              try {
                await api(`/staff/${editing.id}/roles`, { method: 'PUT', body: { roles: values.roles ?? [], reason: values.reason } });
                void message.success(t('org.rolesSaved'));
                setEditing(undefined);
                void load();
              } catch (e) {
                void message.error(errorText(e));
              }
            }}
          >
            <Form.Item label={t('org.roles')} name="roles">
              <Checkbox.Group options={roles.map((role) => ({ value: role, label: roleLabel(role) }))} />
            </Form.Item>
            <Form.Item label={t('admin.reason')} name="reason" rules={[{ required: true, message: t('admin.reasonRequired') }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('admin.save')}
            </Button>
          </Form>
        )}
      </Modal>
      <Modal open={addingUnit} title={t('org.addUnit')} footer={null} onCancel={() => setAddingUnit(false)} destroyOnHidden>
        <Form
          layout="vertical"
          name="new-unit"
          initialValues={{ kind: 'department' }}
          onFinish={async (values: { id: string; name: string; kind: string }) => {
            try {
              await api('/units', { method: 'POST', body: values });
              void message.success(t('org.unitCreated'));
              setAddingUnit(false);
              void load();
            } catch (e) {
              void message.error(errorText(e));
            }
          }}
        >
          <Form.Item label={t('org.unitName')} name="name" rules={[{ required: true, message: t('org.unitNameRequired') }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('org.unitId')} name="id" extra={t('org.unitIdHint')} rules={[{ required: true, pattern: /^[a-z0-9-]{2,32}$/, message: t('org.unitIdHint') }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('org.unitKind')} name="kind" rules={[{ required: true }]}>
            <Select options={unitKinds.filter((kind) => kind !== 'commission').map((kind) => ({ value: kind, label: t(`org.kind.${kind}` as MessageKey) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('admin.save')}
          </Button>
        </Form>
      </Modal>
      <Modal open={!!addingStaffTo} title={`${t('org.addStaff')}：${addingStaffTo?.name ?? ''}`} footer={null} onCancel={() => setAddingStaffTo(undefined)} destroyOnHidden>
        {addingStaffTo && (
          <Form
            layout="vertical"
            name="new-staff"
            onFinish={async (values: { name: string; email?: string; phone?: string }) => {
              try {
                await api('/staff', { method: 'POST', body: { unitId: addingStaffTo.id, name: values.name, ...(values.email ? { email: values.email } : {}), ...(values.phone ? { phone: values.phone } : {}) } });
                void message.success(t('org.staffCreated'));
                setAddingStaffTo(undefined);
                void load();
              } catch (e) {
                void message.error(errorText(e));
              }
            }}
          >
            <Alert type="info" showIcon title={t('org.noRolesYet')} style={{ marginBottom: 12 }} />
            <Form.Item label={t('org.name')} name="name" rules={[{ required: true, message: t('accounts.nameRequired') }]}>
              <Input />
            </Form.Item>
            <Form.Item label={t('org.email')} name="email" rules={[{ type: 'email', message: t('org.emailInvalid') }]}>
              <Input />
            </Form.Item>
            <Form.Item label={t('org.phone')} name="phone">
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('admin.save')}
            </Button>
          </Form>
        )}
      </Modal>
      <Modal open={arranging} title={t('org.actingAdd')} footer={null} onCancel={() => setArranging(false)} destroyOnHidden>
        <Form
          layout="vertical"
          name="acting"
          onFinish={async (values: { staffMemberId: string; forStaffMemberId: string; period: [Dayjs, Dayjs]; reason: string }) => {
            try {
              await api('/acting-assignments', {
                method: 'POST',
                body: { staffMemberId: values.staffMemberId, forStaffMemberId: values.forStaffMemberId, from: values.period[0].format('YYYY-MM-DD'), to: values.period[1].format('YYYY-MM-DD'), reason: values.reason },
              });
              void message.success(t('org.actingCreated'));
              setArranging(false);
              void load();
            } catch (e) {
              void message.error(errorText(e));
            }
          }}
        >
          <Form.Item label={t('org.actingFor')} name="forStaffMemberId" rules={[{ required: true, message: t('org.pickPerson') }]}>
            <Select showSearch optionFilterProp="label" options={people} />
          </Form.Item>
          <Form.Item label={t('org.actingStandIn')} name="staffMemberId" rules={[{ required: true, message: t('org.pickPerson') }]}>
            <Select showSearch optionFilterProp="label" options={people} />
          </Form.Item>
          <Form.Item label={t('org.actingPeriod')} name="period" rules={[{ required: true, message: t('org.pickDates') }]}>
            <DatePicker.RangePicker placeholder={[t('org.actingFrom'), t('org.actingTo')]} />
          </Form.Item>
          <Form.Item label={t('admin.reason')} name="reason" rules={[{ required: true, message: t('admin.reasonRequired') }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('admin.save')}
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}
