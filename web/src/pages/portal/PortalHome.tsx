import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Space } from 'antd';
import { api } from '../../api';
import { useLocale } from '../../i18n';
import { useSession } from '../../session';
import { CaseTable, type CaseKind, type EnterpriseCase } from './CaseTable';
import { ErrorAlert, errorText } from './shared';

/** Where each kind of case is followed in the portal. */
export const casePath = (kind: CaseKind, id: string) =>
  ({ difficulty: `/cases/${id}`, subsidy: `/portal/subsidy/${id}`, recognition: `/portal/recognition/${id}`, listing_application: '/portal/listing', listing: '/portal/listing' })[kind];

// 我的办理事项: every case of the enterprise, of every kind, with where it stands and the deadline
// that matters now; those waiting on the enterprise itself (补正, 评价) are marked.
export default function PortalHome() {
  const { session } = useSession();
  const { t } = useLocale();
  const navigate = useNavigate();
  const enterpriseId = session?.principal.enterpriseId;
  const [cases, setCases] = useState<EnterpriseCase[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!enterpriseId) return;
    api<{ cases: EnterpriseCase[] }>(`/enterprises/${enterpriseId}/cases`)
      .then((result) => setCases(result.cases))
      .catch((e: unknown) => setError(errorText(e)));
  }, [enterpriseId]);
  return (
    <Card
      title={t('portal.home.title')}
      extra={
        <Space wrap>
          <Link to="/portal/apply?kind=difficulty">{t('portal.apply.difficulty')}</Link>
          <Link to="/portal/apply?kind=subsidy">{t('portal.apply.subsidy')}</Link>
          <Link to="/portal/apply?kind=recognition">{t('portal.apply.recognition')}</Link>
          <Link to="/portal/apply?kind=listing">{t('portal.apply.listing')}</Link>
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <CaseTable cases={cases} error={error} pathOf={casePath} />
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" onClick={() => navigate('/portal/apply')}>
          {t('portal.home.apply')}
        </Button>
      </Space>
    </Card>
  );
}
