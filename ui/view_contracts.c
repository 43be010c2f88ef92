#include "config.h"
typedef int placeholder_view_contracts;
