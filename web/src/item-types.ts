import { api } from './api';
import { referenceData } from './reference-data';

// Item types' names (GET /item-types): screens name a type (交办事项, 企业诉求…), never show its code.
const itemTypes = referenceData(() => api<{ itemTypes: { type: string; label: string }[] }>('/item-types').then((answer) => new Map(answer.itemTypes.map((entry) => [entry.type, entry.label]))));

/** Type code → its name; empty until loaded (callers fall back to the code meanwhile). */
export const useItemTypes = itemTypes.useValue;
