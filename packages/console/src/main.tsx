// Entry of the console's browser bundle: the styles (Pico CSS, then ours) and the app, mounted into index.html.
import '@picocss/pico/css/pico.min.css';
import './console.css';
import { render } from 'preact';
import { App } from './app.tsx';

render(<App />, document.getElementById('console')!);
