/**
 * Reading data files in any host: NumPy `.npy`/`.npz`, CSV, IDX, gzip — from bytes or text —
 * plus Node helpers that read them from a path.
 */
export { readNpy, readNpyHeader, type NpyHeader } from './npy';
export { readNpz } from './npz';
export { readCsv, CsvTable, type ReadCsvOptions, type CsvToTensorOptions } from './csv';
export { readIdx } from './idx';
export { gunzip, isGzip } from './gzip';
export { readNpyFile, readNpzFile, readCsvFile, readIdxFile } from './file_readers';
export { writeFile } from './write_file';
