import { yescrypt } from './proxy-engine/middlewares/access/crypt/yescrypt.ts';
const h = '$y$j9T$kcyUgxSmhGQBjvV0PebXx0$XmvxxZdiGbvokEGenqHE1hNipV3iDOZWtnGT2lrEJd7';
for (let i = 0; i < 3; i++) { const t = Date.now(); const m = await yescrypt(Buffer.from('secret'), h); console.log(m === h, Date.now() - t); }
