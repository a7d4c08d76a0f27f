// 我的办理事项: one case of an enterprise, of any kind, as GET /enterprises/:id/cases answers it
// (api/enterprise/cases.ts builds it; the portal and the staff's enterprise page show it).

export type CaseKind = 'difficulty' | 'subsidy' | 'recognition' | 'listing_application' | 'listing';

export interface EnterpriseCase {
  kind: CaseKind;
  id: string;
  title: string;
  state: string;
  stateLabel: string;
  dueOn: string | null;
  colour: 'green' | 'yellow' | 'red';
  /** Whose clock dueOn is: the handling unit's step, or the enterprise's own. */
  dueFor: 'unit' | 'enterprise' | null;
  /** What the enterprise has to do now, if anything. */
  action: 'supplement' | 'rate' | null;
  startedAt: string;
}
