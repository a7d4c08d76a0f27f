import ExcelJS from 'exceljs';

/** An .xlsx file with one sheet per entry, its rows written as given (the first is the header). */
export async function workbookOf(sheets: Record<string, (string | number | null)[][]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
