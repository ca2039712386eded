/** Registers the bundled demo model on first start (filled in once the model reader lands). */
export async function loadDemoModel(_databaseUrl: string, _dataDir: string, _log: (line: string) => void): Promise<void> {}
