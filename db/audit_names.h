/* audit_names.h: the one rule for "the audit entries that name a
 * contract" (db/ only), shared by the contract's page (db/detail.c) and
 * the audit log view's contract filter (db/auditlog.c).
 *
 * An entry names contract ?1 when it is about the contract's row, one of
 * its commitments, their return lines, the lines' decisions, one of its
 * highlights or its questionnaire answers, or is the import that added the
 * contract, a commitment, a line or an answer of it.  Each kind of row is one lookup of the index audit_entity
 * (entity, entity_id, id); the arms are joined by UNION ALL (no entry is
 * in two arms: each has its own entity).
 *
 * AUDIT_NAMES_CONTRACT(COLS, COND): COLS is "SELECT ... FROM audit " (the
 * same columns in every arm), COND more conditions on each arm ("AND id <
 * ?2 "), in SQL text ending with a space. */
#ifndef SVDESK_DB_AUDIT_NAMES_H
#define SVDESK_DB_AUDIT_NAMES_H

/* The lines of the contract (every year). */
#define AUDIT_CONTRACT_LINES \
	"SELECT r.id FROM commitment cm CROSS JOIN return_line r ON r.commitment_id = cm.id " \
	"WHERE cm.contract_id = ?1"

#define AUDIT_NAMES_CONTRACT(COLS, COND) \
	COLS "WHERE entity = 'contract' AND entity_id = ?1 " COND \
	"UNION ALL " COLS "WHERE entity = 'commitment' AND entity_id IN " \
	"(SELECT id FROM commitment WHERE contract_id = ?1) " COND \
	"UNION ALL " COLS "WHERE entity = 'return_line' AND entity_id IN (" \
	AUDIT_CONTRACT_LINES ") " COND \
	"UNION ALL " COLS "WHERE entity = 'decision' AND entity_id IN " \
	"(SELECT d.id FROM commitment cm CROSS JOIN return_line r ON r.commitment_id = cm.id " \
	"CROSS JOIN decision d ON d.return_line_id = r.id WHERE cm.contract_id = ?1) " COND \
	"UNION ALL " COLS "WHERE entity = 'highlight' AND entity_id IN " \
	"(SELECT id FROM highlight WHERE contract_id = ?1) " COND \
	"UNION ALL " COLS "WHERE entity = 'questionnaire_answer' AND entity_id IN " \
	"(SELECT id FROM questionnaire_answer WHERE contract_id = ?1) " COND \
	"UNION ALL " COLS "WHERE entity = 'import' AND id IN " \
	"(SELECT import_id FROM contract WHERE id = ?1 " \
	"UNION SELECT import_id FROM commitment WHERE contract_id = ?1 " \
	"UNION SELECT r.import_id FROM commitment cm CROSS JOIN return_line r " \
	"ON r.commitment_id = cm.id WHERE cm.contract_id = ?1 " \
	"UNION SELECT import_id FROM questionnaire_answer WHERE contract_id = ?1) " COND

#endif
