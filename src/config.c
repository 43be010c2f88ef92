#include "config.h"
typedef int placeholder_config;
