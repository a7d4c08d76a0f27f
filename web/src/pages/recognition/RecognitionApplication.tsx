import { useEffect, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import { Alert, Card } from 'antd';
import { api } from '../../api';
import { errorText } from '../subsidy/text';

/** An application is shown on its batch's page: items link here and are sent on there. */
export default function RecognitionApplication() {
  const { applicationId = '' } = useParams();
  const [batchId, setBatchId] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ batch: { id: string } }>(`/recognition/applications/${applicationId}`)
      .then((application) => setBatchId(application.batch.id))
      .catch((e: unknown) => setError(errorText(e)));
  }, [applicationId]);
  if (error) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!batchId) return <Card loading />;
  return <Navigate to={`/recognition/batches/${batchId}`} replace />;
}
