-- 032: correlation follows the feed through two consumers, 'correlation' for the rules with a playbook (they decide) and
-- 'correlation_recording' for the rules that only record their groups. The new one starts where correlation stood, so
-- an upgrade neither offers old signals again nor skips any.
INSERT INTO feed_positions (consumer, tenant_id, writer_xid, id, updated_at)
SELECT 'correlation_recording', tenant_id, writer_xid, id, updated_at FROM feed_positions WHERE consumer = 'correlation'
ON CONFLICT (consumer, tenant_id) DO NOTHING;
