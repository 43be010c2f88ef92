# sql2c.awk: turn the migration files into a C table of strings.
# Usage: awk -f sql2c.awk 0001_x.sql 0002_y.sql ... > migrations.c
# Migration N is the Nth file given; the files must be named in order.
BEGIN {
	print "/* Generated from the files in db/migrations by db/sql2c.awk: do not edit. */"
	print "#include \"config.h\""
	print "#include <stddef.h>"
	print "#include \"db/migrations.h\""
	print ""
	print "const char *const db_migrations[] = {"
	n = 0
}
FNR == 1 {
	if (n > 0)
		print "\t,"
	n++
	printf "\t/* %s */\n", FILENAME
}
{
	line = $0
	gsub(/\\/, "\\\\", line)
	gsub(/"/, "\\\"", line)
	gsub(/\t/, "\\t", line)
	printf "\t\"%s\\n\"\n", line
}
END {
	print "};"
	print ""
	printf "const size_t db_migration_count = %d;\n", n
}
