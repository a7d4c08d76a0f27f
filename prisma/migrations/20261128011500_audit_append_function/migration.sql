-- Written by hand (Prisma's datamodel has no functions): appends audit entries to the hash chain
-- in one statement. The chain lock is taken inside the server, and each insert is a statement
-- of its own in this VOLATILE function, so under READ COMMITTED it reads the chain's head with
-- a snapshot taken after the lock. Called from a statement that commits on its own, the lock is
-- held only while PostgreSQL works, never while a client (a busy worker) sends its next statement.
-- Each entry: {at, actorId, action, subject, detail, dedupKey, content}; content is the canonical
-- text the hash covers, computed by the caller (activities/audit/audit-log.ts).
CREATE FUNCTION "audit_append"(entries JSONB) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  entry JSONB;
  added INTEGER;
  appended INTEGER := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(72101777);
  FOR entry IN SELECT value FROM jsonb_array_elements(entries) LOOP
    INSERT INTO "audit_event" ("at", "actor_id", "action", "subject", "detail", "dedup_key", "prev_hash", "hash")
    SELECT (entry->>'at')::timestamptz, entry->>'actorId', entry->>'action', entry->>'subject', entry->'detail', entry->>'dedupKey',
           head.hash, encode(sha256(convert_to(head.hash || (entry->>'content'), 'UTF8')), 'hex')
      FROM (SELECT coalesce((SELECT "hash" FROM "audit_event" ORDER BY "seq" DESC LIMIT 1), repeat('0', 64)) AS hash) AS head
    ON CONFLICT ("dedup_key") DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    appended := appended + added;
  END LOOP;
  RETURN appended;
END
$$;
