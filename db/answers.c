#include "config.h"

/* answers.c: the OPCC questionnaire's answers of one contract, for its
 * page (answers.h).  The export's read is read.c's, with the other
 * exports' filters. */

#include "db/db_private.h"
#include "svdesk/answers.h"

#define ANSWER_COLS "q.id, q.contract_id, c.ref, q.topic, q.answer, q.recorded_by, " \
	"q.recorded_at FROM questionnaire_answer q JOIN contract c ON c.id = q.contract_id "

static int row_answer(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_answer_row a;

	a.id = sqlite3_column_int64(st, 0);
	a.contract_id = sqlite3_column_int64(st, 1);
	a.ref = db_col_text(st, 2);
	a.topic = db_col_text(st, 3);
	a.answer = db_col_text(st, 4);
	a.recorded_by = db_col_text(st, 5);
	a.recorded_at = db_col_text(st, 6);
	return (*(db_answer_row_fn *)fn)(ctx, &a);
}

int db_answers_of(svdb *db, int64_t contract_id, db_answer_row_fn fn, void *ctx, sv_err *err)
{
	static const char q[] = "SELECT " ANSWER_COLS "WHERE q.contract_id = ?1 ORDER BY "
		DB_ANSWER_ORDER;
	sqlite3_stmt *st = db_prepare(db, q, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	return db_stream(db, st, row_answer, &fn, ctx, "questionnaire answers", err);
}
