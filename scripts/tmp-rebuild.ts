import { main } from '../src/cli.ts';
await main(['node', 'duban', 'rebuild', '--store', `sqlite:${process.argv[2]}`]);
