import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Table, Tag } from 'antd';
import { api, ApiError } from '../../api';
import { formatDateTime } from '../../dates';
import { useLocale } from '../../i18n';

interface Policy {
  signDays: number;
  handleDays: number;
  budgetUnit: 'workingDays' | 'hours' | string;
  returnDays: number;
  coUnitLeadDays: number;
  escalation: Escalation;
  [key: string]: unknown;
}

type OrgRole = 'liaison' | 'unit_leader' | 'commission_officer' | 'commission_head' | 'district_leader';
interface NotifyTarget {
  role: OrgRole;
  unit: 'lead' | 'commission';
}
interface Escalation {
  warning: { yellowAtShareUsed: number; yellowAtDaysLeft: number };
  ladder: { key: string; label: string; trigger: { after: 'yellow' | 'due'; workingDays: number }; notify: NotifyTarget[] }[];
  signOverdue?: { label: string; notify: NotifyTarget[] };
}

interface EditValues {
  label: string;
  signDays: number;
  handleDays: number;
  returnDays: number;
  coUnitLeadDays: number;
  yellowPercent: number;
  yellowAtDaysLeft: number;
  stepDays: number[];
  reason: string;
}

interface ItemType {
  type: string;
  label: string;
  process: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
  policy: Policy;
}

const errorText = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.fields.map((f) => `${f.path}：${f.message}`)].join('；') : String(e));

// 事项类型: time limits per type, edited with a reason and the version seen (If-Match), so that
// two administrators do not overwrite each other.
/** 预警与升级: when an item turns yellow, and each rung of the ladder with whom it notifies. */
function EscalationView({ escalation, unit }: { escalation: Escalation; unit: string }) {
  const { t } = useLocale();
  const who = (targets: NotifyTarget[]) => targets.map((target) => `${t(`itemTypes.unit.${target.unit}`)}${t(`org.role.${target.role}`)}`).join(t('itemTypes.listSeparator'));
  return (
    <div>
      <p>{t('itemTypes.warning', { share: Math.round(escalation.warning.yellowAtShareUsed * 100), days: escalation.warning.yellowAtDaysLeft, unit })}</p>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        aria-label={t('itemTypes.ladder')}
        dataSource={[
          ...escalation.ladder.map((step) => ({ key: step.key, label: step.label, when: t(`itemTypes.after.${step.trigger.after}`, { n: step.trigger.workingDays }), who: who(step.notify) })),
          ...(escalation.signOverdue ? [{ key: 'sign_overdue', label: escalation.signOverdue.label, when: t('itemTypes.after.sign'), who: who(escalation.signOverdue.notify) }] : []),
        ]}
        columns={[
          { title: t('itemTypes.step'), dataIndex: 'label', width: 140 },
          { title: t('itemTypes.when'), dataIndex: 'when', width: 260 },
          { title: t('itemTypes.notify'), dataIndex: 'who' },
        ]}
      />
    </div>
  );
}

export default function ItemTypes() {
  const { message } = App.useApp();
  const { t } = useLocale();
  const [types, setTypes] = useState<ItemType[]>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<ItemType>();
  const load = useCallback(
    () =>
      api<{ itemTypes: ItemType[] }>('/item-types')
        .then((result) => setTypes(result.itemTypes))
        .catch((e: unknown) => setError(errorText(e))),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const unit = (type: ItemType) => (type.policy.budgetUnit === 'hours' ? t('itemTypes.hours') : t('itemTypes.workingDays'));
  const days = t('itemTypes.workingDays');
  return (
    <Card title={t('itemTypes.title')}>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Table<ItemType>
        rowKey="type"
        size="small"
        loading={!types && !error}
        dataSource={types ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (row) => <EscalationView escalation={row.policy.escalation} unit={unit(row)} />, expandRowByClick: false }}
        columns={[
          { title: t('itemTypes.type'), dataIndex: 'type', render: (type: string, row) => `${row.label} (${type})` },
          { title: t('itemTypes.process'), dataIndex: 'process', width: 110, render: (value: string) => <Tag>{value}</Tag> },
          { title: t('itemTypes.sign'), key: 'sign', width: 110, render: (_, row) => `${row.policy.signDays} ${days}` },
          { title: t('itemTypes.handle'), key: 'handle', width: 110, render: (_, row) => `${row.policy.handleDays} ${unit(row)}` },
          { title: t('itemTypes.return'), key: 'return', width: 110, render: (_, row) => `${row.policy.returnDays} ${days}` },
          { title: t('itemTypes.coLead'), key: 'co', width: 110, render: (_, row) => `${row.policy.coUnitLeadDays} ${unit(row)}` },
          { title: t('admin.version'), dataIndex: 'version', width: 60 },
          { title: t('itemTypes.updated'), key: 'updated', width: 150, render: (_, row) => formatDateTime(row.updatedAt) },
          { title: t('admin.operations'), key: 'edit', width: 80, render: (_, row) => <Button size="small" onClick={() => setEditing(row)}>{t('itemTypes.edit')}</Button> },
        ]}
      />
      <Modal open={!!editing} title={t('itemTypes.editTitle', { label: editing?.label ?? '' })} footer={null} onCancel={() => setEditing(undefined)} destroyOnHidden>
        {editing && (
          <Form
            layout="vertical"
            name="item-type"
            initialValues={{
              label: editing.label,
              signDays: editing.policy.signDays,
              handleDays: editing.policy.handleDays,
              returnDays: editing.policy.returnDays,
              coUnitLeadDays: editing.policy.coUnitLeadDays,
              yellowPercent: Math.round(editing.policy.escalation.warning.yellowAtShareUsed * 100),
              yellowAtDaysLeft: editing.policy.escalation.warning.yellowAtDaysLeft,
              stepDays: editing.policy.escalation.ladder.map((step) => step.trigger.workingDays),
            }}
            onFinish={async ({ yellowPercent, yellowAtDaysLeft, stepDays, ...values }: EditValues) => {
              const { escalation } = editing.policy;
              const changedEscalation: Escalation = {
                ...escalation,
                warning: { yellowAtShareUsed: yellowPercent / 100, yellowAtDaysLeft },
                ladder: escalation.ladder.map((step, index) => ({ ...step, trigger: { ...step.trigger, workingDays: stepDays[index] ?? step.trigger.workingDays } })),
              };
              try {
                await api(`/item-types/${editing.type}`, { method: 'PUT', body: { ...editing.policy, ...values, escalation: changedEscalation }, headers: { 'If-Match': `"${editing.version}"` } });
                void message.success(t('itemTypes.saved'));
                setEditing(undefined);
                void load();
              } catch (e) {
                void message.error(errorText(e));
              }
            }}
          >
            <Form.Item label={t('itemTypes.label')} name="label" rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item label={t('itemTypes.signDays')} name="signDays" rules={[{ required: true }]}>
              <InputNumber min={1} max={30} />
            </Form.Item>
            <Form.Item label={t('itemTypes.handleDays', { unit: unit(editing) })} name="handleDays" rules={[{ required: true }]}>
              <InputNumber min={1} max={365} />
            </Form.Item>
            <Form.Item label={t('itemTypes.returnDays')} name="returnDays" rules={[{ required: true }]}>
              <InputNumber min={0} max={30} />
            </Form.Item>
            <Form.Item label={t('itemTypes.coUnitLeadDays')} name="coUnitLeadDays" rules={[{ required: true }]}>
              <InputNumber min={0} max={365} />
            </Form.Item>
            <Form.Item label={t('itemTypes.yellowPercent')} name="yellowPercent" rules={[{ required: true }]}>
              <InputNumber min={1} max={100} suffix="%" />
            </Form.Item>
            <Form.Item label={t('itemTypes.yellowDays', { unit: unit(editing) })} name="yellowAtDaysLeft" rules={[{ required: true }]}>
              <InputNumber min={0} max={365} />
            </Form.Item>
            {editing.policy.escalation.ladder.map((step, index) => (
              <Form.Item key={step.key} label={`${step.label}：${t(`itemTypes.after.${step.trigger.after}`, { n: 'N' })}`} name={['stepDays', index]} rules={[{ required: true }]}>
                <InputNumber min={0} max={365} />
              </Form.Item>
            ))}
            <Form.Item label={t('admin.reason')} name="reason" rules={[{ required: true, message: t('admin.reasonRequired') }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('admin.save')}
            </Button>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
