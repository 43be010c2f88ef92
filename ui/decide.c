/* decide.c: decisions on return lines (ui.h).  A placeholder until the
 * decision module lands: it records nothing and says so. */
#include "config.h"

#include "ui.h"

enum ui_decided ui_decide(struct tui *t, int64_t line_id, int64_t version, enum action_id a)
{
	(void)line_id;
	(void)version;
	(void)a;
	ui_status(t, 1, "decisions are not available in this build");
	return UD_FAILED;
}

enum ui_decided ui_undo(struct tui *t)
{
	ui_status(t, 1, "decisions are not available in this build");
	return UD_FAILED;
}
