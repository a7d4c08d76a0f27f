import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { searchAttributeDeclarations } from '../workflows/search-attributes';

export async function connectTemporalClient(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}

/** Registers the project's custom search attributes (for servers not started with them). */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const types = {
    Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  } as const;
  const searchAttributes = Object.fromEntries(
    searchAttributeDeclarations.map((declaration) => {
      const [name, type] = declaration.split('=') as [string, keyof typeof types];
      return [name, types[type]];
    }),
  );
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
