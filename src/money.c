#include "config.h"
typedef int placeholder_money;
