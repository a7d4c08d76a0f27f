import { useState } from 'react';
import { App } from 'antd';
import { errorText, newIdempotencyKey } from './api';

/**
 * A form's submission as one user intent: it keeps its Idempotency-Key until it succeeds (a
 * retried click acts once) and takes a new one for the next intent; a failure becomes the text to
 * show above the form.
 */
export function useKeyedSubmit() {
  const { message } = App.useApp();
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit<T>(send: (idempotencyKey: string) => Promise<T>, success: string | ((result: T) => string), onDone: (result: T) => void): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      const result = await send(key);
      void message.success(typeof success === 'string' ? success : success(result));
      setKey(newIdempotencyKey());
      onDone(result);
    } catch (error) {
      setError(errorText(error));
    } finally {
      setBusy(false);
    }
  }
  return { submit, error, setError, busy };
}
