/** Where the records live: memory (tests, no database) or PostgreSQL. Every method is async. */

/** Each resource's table; resource names are slugs (letters, digits, -), safe once - becomes _. */
const table = (resource) => `r_${resource.name.replace(/-/g, '_')}`;

export function memoryStore() {
  const data = new Map();
  const of = (resource) => {
    if (!data.has(resource.name)) data.set(resource.name, { nextId: 1, records: new Map() });
    return data.get(resource.name);
  };
  return {
    database: 'in memory',
    async ping() {
      return undefined;
    },
    async list(resource) {
      return [...of(resource).records.values()];
    },
    async create(resource, body) {
      const store = of(resource);
      const record = { ...body, id: store.nextId++ };
      store.records.set(record.id, record);
      return record;
    },
    async get(resource, id) {
      return of(resource).records.get(id);
    },
    async replace(resource, id, record) {
      of(resource).records.set(id, record);
      return record;
    },
    async remove(resource, id) {
      of(resource).records.delete(id);
    },
    async close() {},
  };
}

/** Records in PostgreSQL: a table per resource, each record a JSON document beside its id. */
export async function postgresStore(url, resources) {
  // Loaded only with a database: the tests run with nothing installed.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 3000, max: 5 });
  // A dropped connection must not end the process: /health reports it instead.
  pool.on('error', () => {});
  const { RESOURCES } = await import('./app.js');
  let ready;
  const init = () =>
    (ready ??= Promise.all(
      (resources ?? RESOURCES).map((r) => pool.query(`CREATE TABLE IF NOT EXISTS ${table(r)} (id SERIAL PRIMARY KEY, data JSONB NOT NULL)`)),
    ).catch((err) => {
      ready = undefined;
      throw err;
    }));
  const query = async (sql, args) => {
    await init();
    return (await pool.query(sql, args)).rows;
  };
  const record = (row) => ({ ...row.data, id: row.id });
  const withoutId = ({ id: _id, ...rest }) => rest;
  return {
    database: 'reachable',
    async ping() {
      try {
        await query('SELECT 1');
        return undefined;
      } catch (err) {
        return err.message || String(err);
      }
    },
    async list(resource) {
      return (await query(`SELECT id, data FROM ${table(resource)} ORDER BY id`)).map(record);
    },
    async create(resource, body) {
      const [row] = await query(`INSERT INTO ${table(resource)} (data) VALUES ($1) RETURNING id, data`, [withoutId(body)]);
      return record(row);
    },
    async get(resource, id) {
      const [row] = await query(`SELECT id, data FROM ${table(resource)} WHERE id = $1`, [id]);
      return row && record(row);
    },
    async replace(resource, id, updated) {
      await query(`UPDATE ${table(resource)} SET data = $1 WHERE id = $2`, [withoutId(updated), id]);
      return updated;
    },
    async remove(resource, id) {
      await query(`DELETE FROM ${table(resource)} WHERE id = $1`, [id]);
    },
    close: () => pool.end(),
  };
}
