#include "config.h"
typedef int placeholder_main;
int main(void){return 0;}
