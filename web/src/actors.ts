import { useLocale } from './i18n';
import { unitName, useUnits } from './units';

// Who did a step, as the case APIs name them (api/organisation/actors.ts): staff as 姓名（单位）,
// an enterprise's contact as the enterprise, the system as such; an unknown id as itself.

export type ActorView = { kind: 'staff'; name: string; unitId: string } | { kind: 'enterprise'; name: string; enterpriseId: string } | { kind: 'account'; name: string } | { kind: 'unit'; unitId: string } | { kind: 'system' };

export function useActorText() {
  const { t } = useLocale();
  const units = useUnits();
  return (actor: ActorView | null | undefined, actorId: string): string => {
    if (!actor) return actorId;
    switch (actor.kind) {
      case 'staff':
        return t('actor.staff', { name: actor.name, unit: unitName(units, actor.unitId) });
      case 'unit':
        return t('actor.unit', { unit: unitName(units, actor.unitId) });
      case 'system':
        return t('actor.system');
      default:
        return actor.name;
    }
  };
}
