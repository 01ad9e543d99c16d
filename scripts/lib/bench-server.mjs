export async function measureServerRows() { return {}; }
