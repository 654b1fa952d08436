#ifndef HAMILTONIANSUITE_CBLAS_SHIM_H
#define HAMILTONIANSUITE_CBLAS_SHIM_H
/* OpenBLAS' cblas.h also declares openblas_set_num_threads / openblas_get_num_threads, which the Tensor module uses
   to size BLAS' thread pool so that BLAS threads and our own workers never oversubscribe the cores. */
#include <cblas.h>
#endif
