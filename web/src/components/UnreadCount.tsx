import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { Badge } from 'antd';
import { api } from '../api';
import { useLocale } from '../i18n';

/** Raised by the notification centre after marking notifications read: the menu count refreshes. */
export const notificationsChangedEvent = 'srdi:notifications-changed';

/** The signed-in staff member's unread notifications, beside the menu entry; re-read on every page change. */
export function UnreadCount() {
  const { t } = useLocale();
  const { pathname } = useLocation();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      api<{ unread: number }>('/notifications?limit=1', { signal: controller.signal })
        .then((result) => setUnread(result.unread))
        .catch(() => undefined);
    void load();
    window.addEventListener(notificationsChangedEvent, load);
    return () => {
      controller.abort();
      window.removeEventListener(notificationsChangedEvent, load);
    };
  }, [pathname]);
  if (unread === 0) return null;
  const label = t('notifications.unread', { n: unread });
  return (
    <span role="status" aria-label={label} title={label}>
      <Badge count={unread} size="small" offset={[6, -2]} />
    </span>
  );
}
