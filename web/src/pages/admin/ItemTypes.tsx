import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Table, Tag } from 'antd';
import { api, ApiError } from '../../api';
import { formatDateTime } from '../../dates';

interface Policy {
  signDays: number;
  handleDays: number;
  budgetUnit: 'workingDays' | 'hours' | string;
  returnDays: number;
  coUnitLeadDays: number;
  escalation: unknown;
  [key: string]: unknown;
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
export default function ItemTypes() {
  const { message } = App.useApp();
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
  const unit = (type: ItemType) => (type.policy.budgetUnit === 'hours' ? '小时' : '工作日');
  return (
    <Card title="事项类型与时限">
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Table<ItemType>
        rowKey="type"
        size="small"
        loading={!types && !error}
        dataSource={types ?? []}
        pagination={false}
        columns={[
          { title: '类型', dataIndex: 'type', render: (type: string, row) => `${row.label}（${type}）` },
          { title: '流程', dataIndex: 'process', width: 110, render: (value: string) => <Tag>{value}</Tag> },
          { title: '签收', key: 'sign', width: 90, render: (_, row) => `${row.policy.signDays} 工作日` },
          { title: '办理', key: 'handle', width: 90, render: (_, row) => `${row.policy.handleDays} ${unit(row)}` },
          { title: '退回', key: 'return', width: 90, render: (_, row) => `${row.policy.returnDays} 工作日` },
          { title: '配合提前', key: 'co', width: 90, render: (_, row) => `${row.policy.coUnitLeadDays} ${unit(row)}` },
          { title: '版本', dataIndex: 'version', width: 60 },
          { title: '修改', key: 'updated', width: 150, render: (_, row) => formatDateTime(row.updatedAt) },
          { title: '操作', key: 'edit', width: 80, render: (_, row) => <Button size="small" onClick={() => setEditing(row)}>修改</Button> },
        ]}
      />
      <Modal open={!!editing} title={`修改时限：${editing?.label ?? ''}`} footer={null} onCancel={() => setEditing(undefined)} destroyOnHidden>
        {editing && (
          <Form
            layout="vertical"
            name="item-type"
            initialValues={{ label: editing.label, signDays: editing.policy.signDays, handleDays: editing.policy.handleDays, returnDays: editing.policy.returnDays, coUnitLeadDays: editing.policy.coUnitLeadDays }}
            onFinish={async (values: { label: string; signDays: number; handleDays: number; returnDays: number; coUnitLeadDays: number; reason: string }) => {
              try {
                await api(`/item-types/${editing.type}`, { method: 'PUT', body: { ...editing.policy, ...values }, headers: { 'If-Match': `"${editing.version}"` } });
                void message.success('已保存；之后新建的事项按新规则计时');
                setEditing(undefined);
                void load();
              } catch (e) {
                void message.error(errorText(e));
              }
            }}
          >
            <Form.Item label="名称" name="label" rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item label="签收时限（工作日）" name="signDays" rules={[{ required: true }]}>
              <InputNumber min={1} max={30} />
            </Form.Item>
            <Form.Item label={`办理时限（${unit(editing)}）`} name="handleDays" rules={[{ required: true }]}>
              <InputNumber min={1} max={365} />
            </Form.Item>
            <Form.Item label="退回时限（工作日）" name="returnDays" rules={[{ required: true }]}>
              <InputNumber min={0} max={30} />
            </Form.Item>
            <Form.Item label="配合单位提前反馈" name="coUnitLeadDays" rules={[{ required: true }]}>
              <InputNumber min={0} max={365} />
            </Form.Item>
            <Form.Item label="修改理由" name="reason" rules={[{ required: true, message: '请填写修改理由' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              保存
            </Button>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
