#include <stdio.h>
int main(void){__builtin_cpu_init();printf("%d%d\n",__builtin_cpu_supports("avx"),__builtin_cpu_supports("fma"));}
