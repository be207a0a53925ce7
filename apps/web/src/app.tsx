export function App() {
  return <main><h1>科技补助申报与审核</h1></main>;
}
