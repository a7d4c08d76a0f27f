import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes, registered with the Temporal server at start (scripts/start.ts and
// docker-compose.yml), so `temporal workflow list --query "SrdiUnit='kjj'"` finds a unit's items.
export const unitAttribute = defineSearchAttributeKey('SrdiUnit', SearchAttributeType.KEYWORD);
// Items started before the visibility-unit-only patch kept these current; replaying their histories
// still needs the keys. No workflow writes them now, and the server no longer registers them.
export const stateAttribute = defineSearchAttributeKey('SrdiState', SearchAttributeType.KEYWORD);
export const dueDateAttribute = defineSearchAttributeKey('SrdiDueDate', SearchAttributeType.DATETIME);
export const itemTypeAttribute = defineSearchAttributeKey('SrdiItemType', SearchAttributeType.KEYWORD);

/** `name=Type` pairs in the form `temporal server start-dev --search-attribute` takes. */
export const searchAttributeDeclarations = ['SrdiUnit=Keyword', 'SrdiItemType=Keyword'];
